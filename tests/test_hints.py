"""/hint in the offline interviewer: a nudge for the first gap, then concrete key points the
candidate has not said, then the next gap; never the probe again, never the checklist text."""

from __future__ import annotations

from agent.config import load_settings
from agent.interview.runtime import Runtime
from agent.knowledge import default_knowledge

KNOWLEDGE = default_knowledge()
QUESTION = KNOWLEDGE.question("ads-ctr")
CHECKLIST = KNOWLEDGE.stages["problem"].checklist
ANSWER = "We'd predict clicks per ad impression to maximise revenue for the business."


def hints_after(answer: str, count: int) -> list[str]:
    interview = Runtime(load_settings(), retriever=None, live_grading=False).interview("h")
    list(interview.start(question_id=QUESTION.id, question_text=QUESTION.prompt, at=0))
    list(interview.send(answer, at=10))
    replies = [
        [e.turn for e in interview.send("/hint", at=20 + i) if e.kind == "turn"]
        for i in range(count)
    ]  # consume each run whole: the turn is saved at its end
    return [turns[0]["text"] for turns in replies]


def test_every_checklist_item_has_its_own_nudge() -> None:
    for spec in KNOWLEDGE.stages.values():
        for item in spec.checklist:
            assert item.hint and item.hint != item.probe, f"{spec.id}: {item.id}"


def test_hints_escalate_from_a_nudge_to_unsaid_key_points_then_the_next_gap() -> None:
    first, second, third = hints_after(ANSWER, 3)
    nudge = {item.id: item.hint for item in CHECKLIST}
    # ANSWER covers business-goal ("revenue"), ml-framing ("predict") and, by meaning,
    # use-cases: the follow-up on the table asks about requirements, so the hint does too
    assert first == f"A hint: {nudge['requirements']}"
    # the first two ads-ctr key points, neither of which ANSWER says
    assert second == (
        "A more concrete pointer for this question: think about binary classification and pctr."
    )
    assert third == f"A hint: {nudge['assumptions']}"  # then the next gap
    for hint in (first, second, third):
        assert not any(item.text in hint or item.probe in hint for item in CHECKLIST)


def test_the_model_interviewer_adapts_the_same_nudge(endpoint) -> None:
    interview = Runtime(load_settings(), retriever=None, live_grading=False).interview("m")
    list(interview.start(question_id=QUESTION.id, question_text=QUESTION.prompt, at=0))
    endpoint.reply("Who is paying for this, and what would they watch?")
    reply = [e.turn for e in interview.send("/hint", at=20) if e.kind == "turn"][0]
    assert reply["kind"] == "hint" and reply["text"].startswith("Who is paying")
    prompt = endpoint.chat_requests()[-1]["messages"][-1]["content"]
    assert CHECKLIST[0].text in prompt and CHECKLIST[0].hint in prompt


def test_the_offline_interviewer_does_not_agree_with_a_stall_or_noise() -> None:
    interview = Runtime(load_settings(), retriever=None, live_grading=False).interview("s")
    list(interview.start(question_id=QUESTION.id, question_text=QUESTION.prompt, at=0))
    replies = [
        [e.turn for e in interview.send(text, at=10 * i) if e.kind == "turn"][0]["text"]
        for i, text in enumerate(["I don't know.", "asdf qwer", ANSWER], 1)
    ]
    assert replies[0].startswith(("No problem", "That's fine"))
    assert replies[1].startswith(("I didn't quite follow", "Let me ask it differently"))
    # a real answer is acknowledged by naming what it said, in the candidate's words
    assert replies[2].startswith("You mentioned ") and "revenue" in replies[2].split("?")[0]
