import sys, yaml
from pathlib import Path
from agent.cases import load_case
from agent.scoring.grade import grade_transcript
from agent.scoring.transcript import Transcript
from agent.evaluation.judgement import load_planted, _fold
d = Path(sys.argv[1]); planted = load_planted(d)
pat = sys.argv[2] if len(sys.argv) > 2 else ""
for p in sorted(d.glob("*.yaml")):
    c = load_case(p)
    if pat not in c.id or c.variant in ("garbage","injected","reordered","buzzword"): continue
    card = grade_transcript(Transcript.from_case(c), grader="coverage")
    found = [(s, f.quote, f.flag) for s, g in card.stages.items() for f in g.red_flags]
    exp = c.expect.overall if c.expect else None
    print(f"{c.id:32} {card.overall} exp {exp} flags {len(found)}")
    for s,q,f in found: print(f"    + [{s}] {q[:90]} => {f[:60]}")
    for pf in planted.get(c.id, []):
        hit = any(_fold(pf.quote) in _fold(q) or _fold(q) in _fold(pf.quote) for _,q,_ in found)
        if not hit: print(f"    - MISSED [{pf.stage}] {pf.quote[:100]}")
