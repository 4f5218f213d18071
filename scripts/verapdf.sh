#!/usr/bin/env bash
# Checks PDFs with veraPDF (PDF/A-2a and PDF/UA-1): `bash scripts/verapdf.sh a.pdf b.pdf`.
# The first run resolves org.verapdf:validation-model from Maven Central (mvn) and compiles
# scripts/VeraCheck.java into .tools/verapdf-<version> (or $BF_TOOLS_DIR); later runs reuse it.
set -euo pipefail
VERSION=1.28.1
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
DIR="${BF_TOOLS_DIR:-$ROOT/.tools}/verapdf-$VERSION"
if [ ! -s "$DIR/classpath" ] || [ ! -f "$DIR/classes/VeraCheck.class" ] || [ "$ROOT/scripts/VeraCheck.java" -nt "$DIR/classes/VeraCheck.class" ]; then
  echo "veraPDF: resolving org.verapdf:validation-model:$VERSION from Maven Central into $DIR …" >&2
  mkdir -p "$DIR/classes"
  cat >"$DIR/pom.xml" <<POM
<project xmlns="http://maven.apache.org/POM/4.0.0">
  <modelVersion>4.0.0</modelVersion>
  <groupId>bolig-forst</groupId><artifactId>verapdf-check</artifactId><version>1</version>
  <dependencies>
    <dependency><groupId>org.verapdf</groupId><artifactId>validation-model</artifactId><version>$VERSION</version></dependency>
  </dependencies>
</project>
POM
  mvn -q -B -f "$DIR/pom.xml" dependency:build-classpath -Dmdep.outputFile="$DIR/classpath" >&2
  javac -nowarn -d "$DIR/classes" -cp "$(cat "$DIR/classpath")" "$ROOT/scripts/VeraCheck.java" >&2
  echo "veraPDF: ready" >&2
fi
exec java -cp "$DIR/classes:$(cat "$DIR/classpath")" VeraCheck "$@"
