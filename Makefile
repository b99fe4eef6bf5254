# The few verbs people type. Each goes through dev.py, which sets up .venv first.
.PHONY: run test lint bench seed

run:
	python3 dev.py run

test:
	python3 dev.py test

seed:
	python3 dev.py seed

lint:
	.venv/bin/ruff check .
	.venv/bin/ruff format --check .

bench:
	.venv/bin/python bench/run.py
