# ArcGIS Identify — development commands. `make demo` and `make test` set up everything they need.
SHELL := /bin/bash
.DEFAULT_GOAL := help

PYTHON_SYSTEM := /usr/bin/python3
VENV := .venv
PY := $(VENV)/bin/python
PORT ?= 8765
APT_PACKAGES := qgis python3-qgis qgis-providers python3-gdal gdal-bin xvfb xauth python3-venv \
                python3-numpy python-matplotlib-data fonts-dejavu-core
# Only `make translations` needs these (lrelease compiles i18n/*.ts; the compiled .qm are committed).
APT_I18N_PACKAGES := qttools5-dev-tools
SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)
# Without a display, run QGIS under a virtual X server.
XRUN := $(if $(DISPLAY),,xvfb-run -a -s "-screen 0 1600x1000x24")
STAMP_APT := $(VENV)/.apt-stamp
STAMP_VENV := $(VENV)/.venv-stamp

.PHONY: help deps venv test test-fast test-qgis344 lint demo server zip deploy bench clean translations translations-update

help:
	@echo "make demo    start the sample server and QGIS with the plugin (screenshots when headless; LOCALE=fr in French)"
	@echo "make test    run the whole test suite (installs what it needs)"
	@echo "make test-fast  the fast lane: core/ tests that need no QGIS application (marker pure), in about 30 s"
	@echo "make server  run the ArcGIS REST sample server on 127.0.0.1:$(PORT)"
	@echo "make zip     build dist/arcgis_identify-<version>.zip for installing in QGIS"
	@echo "make deploy  link this checkout into your QGIS profile's plugin folder"
	@echo "make lint    ruff, and the Qt 6 / QGIS 4 readiness check (scripts/check_qt6.py)"
	@echo "make bench   benchmarks against the sample server"
	@echo "make translations-update  extract the tr() strings into i18n/*.ts (prints what is new or unfinished)"
	@echo "make translations         compile i18n/*.ts into the i18n/*.qm the plugin loads (lrelease)"
	@echo "make test-qgis344  the suite on QGIS 3.44 LTR (Debian 13 + trixie-backports) in a debootstrap chroot"

# System packages: installed only when one is missing, so repeated runs are quick.
$(STAMP_APT):
	@missing=""; for p in $(APT_PACKAGES); do dpkg -s $$p >/dev/null 2>&1 || missing="$$missing $$p"; done; \
	if [ -n "$$missing" ]; then \
	  echo "Installing system packages:$$missing"; \
	  $(SUDO) apt-get update -qq && DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq $$missing; \
	fi
	@mkdir -p $(VENV) && touch $@

deps: $(STAMP_APT)

# The venv sees Debian's PyQGIS through --system-site-packages; the plugin is importable as
# `arcgis_identify` whatever this checkout's folder is called, through a symlink and a .pth file.
$(STAMP_VENV): $(STAMP_APT) requirements-dev.txt
	@[ -x $(PY) ] || $(PYTHON_SYSTEM) -m venv --system-site-packages $(VENV)
	$(PY) -m pip install -q --disable-pip-version-check -r requirements-dev.txt
	@mkdir -p $(VENV)/import-root
	@ln -sfn "$(CURDIR)" $(VENV)/import-root/arcgis_identify
	@echo "$(CURDIR)/$(VENV)/import-root" > "$$($(PY) -c 'import sysconfig; print(sysconfig.get_paths()["purelib"])')/arcgis_identify_dev.pth"
	@cd / && $(CURDIR)/$(PY) -c "import arcgis_identify" && touch $(CURDIR)/$@

venv: $(STAMP_VENV)

test: $(STAMP_VENV)
	$(XRUN) $(PY) -m pytest $(PYTEST_ARGS)

# The fast lane: core/'s tests that need no QGIS application (marker "pure": parsers, parameters, the tiled
# export's mechanics, the README examples, and the `requests` run of the network tests), without pytest-qgis.
test-fast: $(STAMP_VENV)
	$(PY) -m pytest -p no:qgis -m pure tests/core $(PYTEST_ARGS)

# A second target: QGIS 3.44 LTR from trixie-backports in a Debian 13 chroot (first run downloads ~1.5 GB; needs root
# or sudo; QGIS344_SUITE=sid uses a sid chroot instead).
test-qgis344:
	scripts/qgis344_chroot.sh $(PYTEST_ARGS)

lint: $(STAMP_VENV)
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(PY) scripts/check_qt6.py

server: $(STAMP_VENV)
	$(PY) -m sampleserver --host 127.0.0.1 --port $(PORT)

demo: $(STAMP_VENV)
	$(PY) scripts/demo.py --port $(PORT) $(if $(DISPLAY),,--headless) $(if $(LOCALE),--locale $(LOCALE))

zip: $(STAMP_VENV)
	$(PY) scripts/build_zip.py --out dist

deploy: $(STAMP_VENV)
	$(PY) scripts/deploy.py

bench: $(STAMP_VENV)
	QT_QPA_PLATFORM=offscreen $(PY) scripts/bench_core.py
	QT_QPA_PLATFORM=offscreen $(PY) scripts/bench_fanout.py
	QT_QPA_PLATFORM=offscreen $(PY) scripts/bench_export.py
	QT_QPA_PLATFORM=offscreen $(PY) scripts/bench_expand_all.py

translations-update:
	$(PYTHON_SYSTEM) scripts/i18n.py update

translations:
	@missing=""; for p in $(APT_I18N_PACKAGES); do dpkg -s $$p >/dev/null 2>&1 || missing="$$missing $$p"; done; \
	if [ -n "$$missing" ]; then \
	  echo "Installing system packages:$$missing"; \
	  $(SUDO) apt-get update -qq && DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq $$missing; \
	fi
	$(PYTHON_SYSTEM) scripts/i18n.py compile

clean:
	rm -rf dist demo-output .pytest_cache .ruff_cache
	find . -name __pycache__ -not -path "./$(VENV)/*" -prune -exec rm -rf {} +
