# Sourced by the scripts: exports JAVA_HOME pointing at a JDK 21 or newer.
# JAVA_HOME wins when it is one; else the newest JDK under /usr/lib/jvm; else `java` on PATH.
java_major() { "$1/bin/java" -XshowSettings:properties -version 2>&1 | awk -F'= ' '/java.specification.version/ {print $2; exit}' | cut -d. -f1; }

find_jdk21() {
  if [ -n "${JAVA_HOME:-}" ] && [ -x "$JAVA_HOME/bin/javac" ] && [ "$(java_major "$JAVA_HOME")" -ge 21 ] 2>/dev/null; then
    echo "$JAVA_HOME"; return 0
  fi
  local best="" best_v=0 d v
  for d in /usr/lib/jvm/*/ /Library/Java/JavaVirtualMachines/*/Contents/Home/; do
    d="${d%/}"
    [ -x "$d/bin/javac" ] || continue
    v=$(java_major "$d") || continue
    if [ -n "$v" ] && [ "$v" -ge 21 ] 2>/dev/null && [ "$v" -gt "$best_v" ]; then best="$d"; best_v="$v"; fi
  done
  if [ -n "$best" ]; then echo "$best"; return 0; fi
  if command -v javac >/dev/null 2>&1; then
    d=$(dirname "$(dirname "$(readlink -f "$(command -v javac)")")")
    if [ "$(java_major "$d")" -ge 21 ] 2>/dev/null; then echo "$d"; return 0; fi
  fi
  return 1
}

if ! JAVA_HOME=$(find_jdk21); then
  echo "error: a JDK 21 or newer is needed; set JAVA_HOME to one (found none under /usr/lib/jvm or on PATH)" >&2
  exit 1
fi
export JAVA_HOME
export PATH="$JAVA_HOME/bin:$PATH"
