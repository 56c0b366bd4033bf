"""Notes that apply to every interview (the stage notes, and notes tagged production or
general) ask what any domain can answer: a fraud interview was once asked "why that one rather
than raw clicks?" by the offline-online metrics note, and "the ranking model is three times too
slow" by the latency note."""

import re

from agent.knowledge import default_knowledge, in_domain
from agent.scoring.flag_scope import question_notes
from agent.scoring.vectors import shared_vectors

# words only some products have: a question that applies everywhere must not assume them
ONE_DOMAIN = (
    "click", "clicks", "ctr", "ranker", "ranking model", "watch time", "video", "videos", "feed",
    "ad", "ads", "advertiser", "query", "queries", "impression", "impressions", "song",
    "playlist", "driver", "rider", "listing", "listings",
)  # fmt: skip
_ONE_DOMAIN = re.compile(rf"\b(?:{'|'.join(ONE_DOMAIN)})\b", re.IGNORECASE)


def test_questions_that_apply_everywhere_assume_no_domain():
    knowledge = default_knowledge()
    generic = question_notes(knowledge, None, "", shared_vectors())  # stage and general notes
    asked = [(n, q) for n in generic for q in knowledge.notes[n].section_list("Probing questions")]
    asked += [(s.id, item.probe) for s in knowledge.stages.values() for item in s.checklist]
    asked += [(s.id, item.hint) for s in knowledge.stages.values() for item in s.checklist]
    assert len(asked) > 100  # the check reads the real questions
    assert [(where, q) for where, q in asked if _ONE_DOMAIN.search(q)] == []


# another product's objects: a note shared by several domains asks about "an item", not a video
OTHER_PRODUCTS = (
    "video", "videos", "uploader", "advertiser", "advertisers", "ads", "song", "songs",
    "playlist", "driver", "rider", "listing", "listings", "imagenet", "watch time",
)  # fmt: skip


def test_a_note_asks_a_question_about_its_own_product_only():
    """A restaurant recommender was asked "How would you represent a video for content-based
    filtering when the uploader's title and tags are unreliable?", a speech assistant about
    "advertisers in your embedding tables", a translation service about ImageNet."""
    knowledge = default_knowledge()
    asked = [
        (question, note, q)
        for question in knowledge.questions.values()
        for note in knowledge.notes.values()
        if note.kind == "topic" and in_domain(note, question)
        for section in ("Probing questions", "Framing questions")
        for q in note.section_list(section)
    ]
    assert len(asked) > 300  # the check reads the real questions
    named = re.compile(rf"\b(?:{'|'.join(OTHER_PRODUCTS)})\b", re.IGNORECASE)
    foreign = [
        (question.id, note.id, q)
        for question, note, q in asked
        for word in named.findall(q)
        if not re.search(rf"\b{word}", question.prompt, re.IGNORECASE)
    ]
    assert foreign == []
