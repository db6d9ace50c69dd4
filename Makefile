# Shortcuts for dev.py, which needs nothing but Python.
.PHONY: serve test lint

serve:
	python3 dev.py serve

test:
	python3 dev.py test $(ARGS)

lint:
	python3 dev.py lint
