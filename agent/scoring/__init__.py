"""Scoring: a rubric with anchored levels, two graders behind one `Grader` protocol, and the
scorecard they produce, every score citing the candidate's own words."""

from agent.scoring.grade import grade_transcript
from agent.scoring.graders import Grader, GraderName, default_grader, make_grader
from agent.scoring.render import render_markdown
from agent.scoring.scorecard import Scorecard, StageGrade
from agent.scoring.transcript import Transcript

__all__ = [
    "Grader",
    "GraderName",
    "Scorecard",
    "StageGrade",
    "Transcript",
    "default_grader",
    "grade_transcript",
    "make_grader",
    "render_markdown",
]
