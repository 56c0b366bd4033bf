"""Where the project's data folders are: beside the package (the project is installed editable)."""

from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
KNOWLEDGE_DIR = ROOT / "knowledge"
PROMPTS_DIR = ROOT / "prompts"
EVALS_DIR = ROOT / "evals"
