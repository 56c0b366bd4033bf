"""ML system design mock interviewer."""
