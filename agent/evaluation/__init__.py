"""`mlsd eval`: grade every scripted case N times and measure how consistent grading is."""
