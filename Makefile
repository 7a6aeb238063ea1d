# careerpath: the two commands a newcomer needs are `make run` and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
HOST ?= 127.0.0.1:8000
# pytest-xdist processes: one per core. PYTEST_WORKERS=0 runs the suite in this process.
PYTEST_WORKERS ?= auto

.PHONY: install lock run test test-postgres lint format migrations-check browser ci clean

install: $(VENV)/.installed node_modules/.installed

# pyproject.toml holds the compatible ranges; constraints.txt the exact versions installed.
$(VENV)/.installed: pyproject.toml constraints.txt
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -c constraints.txt -e ".[dev]"
	touch $@

# Re-resolve pyproject.toml's ranges to the newest releases in a scratch venv and pin them.
lock:
	rm -rf .lock-venv
	$(PYTHON) -m venv .lock-venv
	.lock-venv/bin/python -m pip install --quiet --upgrade pip
	.lock-venv/bin/python -m pip install --quiet -e ".[dev]"
	{ sed -n '1,2p' constraints.txt; \
	  .lock-venv/bin/python -m pip freeze --exclude-editable --all \
	  | grep -viE '^(pip|setuptools|wheel)=='; } > constraints.txt.new
	mv constraints.txt.new constraints.txt
	rm -rf .lock-venv

# Bootstrap comes from the npm registry, pinned by package-lock.json, served by whitenoise.
node_modules/.installed: package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error
	touch $@

run: install
	$(BIN)/python manage.py migrate --noinput
	$(BIN)/python manage.py load_ladder
	$(BIN)/python manage.py load_demo
	$(BIN)/python manage.py runserver $(HOST)

# Browser tests drive Debian's Chromium, and the HTML test runs the Nu checker (npm's vnu-jar)
# with Java; install them once if they are missing (needs root or sudo).
browser:
	@test -x /usr/bin/chromium && command -v java >/dev/null || { \
		SUDO=$$( [ "$$(id -u)" = 0 ] || echo sudo ); \
		$$SUDO apt-get update -qq && $$SUDO apt-get install -y -qq \
			chromium chromium-driver default-jre-headless >/dev/null; }

test: install browser
	$(BIN)/pytest -n $(PYTEST_WORKERS) --dist worksteal

test-postgres: install browser
	DATABASE_URL=$${DATABASE_URL:-postgres://postgres@127.0.0.1:5432/careerpath} $(BIN)/pytest -n $(PYTEST_WORKERS) --dist worksteal

# The hooks of .pre-commit-config.yaml on every file: ruff, djLint, mypy and hygiene checks.
lint: install
	$(BIN)/pre-commit run --all-files --show-diff-on-failure

format: install
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .
	@# djLint exits 1 when it changed a file: then check that everything is formatted now.
	$(BIN)/djlint templates --reformat --quiet || $(BIN)/djlint templates --check --quiet

migrations-check: install
	$(BIN)/python manage.py makemigrations --check --dry-run
	$(BIN)/python manage.py check

ci: test test-postgres lint migrations-check

clean:
	rm -rf $(VENV) node_modules staticfiles .pytest_cache
