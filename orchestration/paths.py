"""Where the project's data files live (resolved from the repo, never from the working directory)."""

from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parents[1]
SQL_DIR = PROJECT_ROOT / "sql"
SEEDS_DIR = PROJECT_ROOT / "seeds"
SEED_ARTICLES_DIR = SEEDS_DIR / "articles"
SEED_GOLD_DIR = SEEDS_DIR / "gold"
REFERENCE_DIR = SEEDS_DIR / "reference"
EXPECTATIONS_DIR = PROJECT_ROOT / "expectations"
