# The few verbs people type. Each sets up .venv first (through dev.py) when it is missing.
.PHONY: run test lint bench seed install

install:
	python3 dev.py install

run:
	python3 dev.py run

test:
	python3 dev.py test

seed:
	python3 dev.py seed

lint: install
	.venv/bin/ruff check .
	.venv/bin/ruff format --check .

bench: install
	.venv/bin/python bench/run.py
