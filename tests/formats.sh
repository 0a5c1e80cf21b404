#!/bin/sh
# tests/formats.sh - the --format values of analyze, report and routes come
# from one registry (emitters/formats.c): each command's --help lists the
# same names, in the same order, as the command accepts (its error for an
# unknown format lists the registry's names), the first is the default,
# and every name writes a document of its own.
. "$TOP/tests/lib.sh"
cd "$TOP" || exit 1
FX=$TOP/fixtures/two-hubs
U=$TOP/fixtures/udr-example/estate.json

# The names a command's --help lists ("--format a|b|c"), one per line;
# the completion scripts read them the same way.
help_names() {
	"$MESHPLAN" "$1" --help | grep -o -- "--format [a-z|]*|[a-z|]*" |
	    head -1 | cut -d' ' -f2 | tr '|' '\n'
}

# The names the command accepts: "--format wants a, b or c, not 'x'".
accepted_names() {
	"$MESHPLAN" "$1" --format no-such-format 2>&1 > /dev/null |
	    sed -n "s/^meshplan $1: --format wants \(.*\), not 'no-such-format'\$/\1/p" |
	    sed 's/, / /g; s/ or / /g' | tr ' ' '\n'
}

# run CMD FORMAT OUT: the command's document in that format.
run() {
	case $1 in
	routes) "$MESHPLAN" routes --vnet Virtual-network-1 --subnet Subnet1 \
	    ${2:+--format "$2"} "$U" > "$3" 2> "$TMPD/err" ;;
	*) "$MESHPLAN" "$1" ${2:+--format "$2"} "$FX" > "$3" 2> "$TMPD/err" ;;
	esac
}

for c in analyze report routes; do
	help_names "$c" > "$TMPD/$c.help"
	accepted_names "$c" > "$TMPD/$c.acc"
	if [ -s "$TMPD/$c.help" ] && cmp -s "$TMPD/$c.help" "$TMPD/$c.acc"; then
		ok "$c: --help lists the formats the registry gives ($(tr '\n' ' ' < "$TMPD/$c.acc"))"
	else
		fail "$c: --help lists '$(tr '\n' ' ' < "$TMPD/$c.help")', the command accepts '$(tr '\n' ' ' < "$TMPD/$c.acc")'"
	fi
	prev=
	for f in $(cat "$TMPD/$c.acc"); do
		if run "$c" "$f" "$TMPD/$c.$f" && [ -s "$TMPD/$c.$f" ] &&
		    { [ -z "$prev" ] || ! cmp -s "$TMPD/$c.$prev" "$TMPD/$c.$f"; }; then
			ok "$c --format $f writes its own document"
		else
			cat "$TMPD/err"
			fail "$c --format $f: no document, or the same as --format $prev"
		fi
		prev=$f
	done
	first=$(head -1 "$TMPD/$c.acc")
	if run "$c" "" "$TMPD/$c.default" &&
	    cmp -s "$TMPD/$c.default" "$TMPD/$c.$first"; then
		ok "$c: the default format is the registry's first ($first)"
	else
		fail "$c: the default is not --format $first"
	fi
done
finish
