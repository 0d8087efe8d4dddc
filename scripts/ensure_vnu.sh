#!/usr/bin/env bash
# The Nu HTML Checker for `make lint-html` and tests/site/test_html_valid.py: vnu.jar from the npm
# package vnu-jar, kept in the git-ignored .cache/vnu. Install scripts are skipped: the package's
# own would download a Java runtime, and the checker runs on the machine's Java (11+).
set -u
cd "$(dirname "$0")/.."
VERSION="${VNU_VERSION:-26.9.27}"
PREFIX=".cache/vnu"
JAR="$PREFIX/node_modules/vnu-jar/build/dist/vnu.jar"
[ -f "$JAR" ] && exit 0
if ! command -v npm >/dev/null 2>&1; then
  echo "npm is missing: the HTML check is skipped. Install Node.js (e.g. sudo apt-get install npm)."
  exit 0
fi
echo "Installing the Nu HTML Checker (npm vnu-jar@$VERSION) into $PREFIX…"
mkdir -p "$PREFIX"
npm install --no-save --no-audit --no-fund --ignore-scripts --prefix "$PREFIX" "vnu-jar@$VERSION" >/dev/null \
  || echo "Could not install vnu-jar: the HTML check is skipped."
command -v java >/dev/null 2>&1 || echo "java is missing: the HTML check needs Java 11+ (sudo apt-get install default-jre-headless)."
exit 0
