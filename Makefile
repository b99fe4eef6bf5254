# The few verbs people type. Each sets up .venv first (through dev.py) when it is missing.
.PHONY: run test lint bench seed install messages

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

# Collect new and changed interface strings into locale/{be,uk,ru}/LC_MESSAGES/django.po,
# to be translated there (docs/translation.md). Operators' command output stays English.
messages: install
	DEBUG=true .venv/bin/python manage.py makemessages -l be -l uk -l ru --no-obsolete \
	  --ignore=.venv --ignore=staticfiles --ignore=artifacts --ignore=tests --ignore=bench \
	  --ignore=tools --ignore='articles/importer/*' --ignore='*/management/*' \
	  --ignore='articles/corpus/*'
