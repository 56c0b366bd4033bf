"""Scoring: a rubric with anchored levels, two graders, and the scorecard they produce."""
