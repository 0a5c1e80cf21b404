# bash completion for meshplan; `make install` puts it in
# $(PREFIX)/share/bash-completion/completions/meshplan.
# Commands and options are read from the program's own --help, so the
# completion follows the binary it completes.

_meshplan_commands() {
	"$1" --help 2> /dev/null | awk '/^commands:/ { on = 1; next }
	    on && /^  [a-z]/ { print $1 } on && /^$/ { on = 0 }'
}

_meshplan_options() {
	"$1" "$2" --help 2> /dev/null | grep -o -- '--[a-z][a-z0-9-]*' |
	    sort -u
}

# The values of --format (or --target) that a command's --help lists
# ("--format text|json|sarif").
_meshplan_values() {
	"$1" "$2" --help 2> /dev/null | grep -o -- "$3 [a-z|]*|[a-z|]*" |
	    head -1 | cut -d' ' -f2 | tr '|' ' '
}

_meshplan() {
	local cur prev bin cmd
	cur=${COMP_WORDS[COMP_CWORD]}
	prev=${COMP_WORDS[COMP_CWORD - 1]}
	bin=${COMP_WORDS[0]}
	COMPREPLY=()
	if [ "$COMP_CWORD" -eq 1 ]; then
		COMPREPLY=($(compgen -W "$(_meshplan_commands "$bin") help \
		    --help --version" -- "$cur"))
		return 0
	fi
	cmd=${COMP_WORDS[1]}
	if [ "$cmd" = help ]; then
		COMPREPLY=($(compgen -W "$(_meshplan_commands "$bin")" -- "$cur"))
		return 0
	fi
	case $prev in
	--format | -f)
		COMPREPLY=($(compgen -W "$(_meshplan_values "$bin" "$cmd" \
		    --format)" -- "$cur"))
		return 0 ;;
	--target | -t)
		COMPREPLY=($(compgen -W "arm bicep terraform all" -- "$cur"))
		return 0 ;;
	--fail-on)
		COMPREPLY=($(compgen -W "error warning note" -- "$cur"))
		return 0 ;;
	-o | --output | --policy | --plan | --previous-plan | --from | \
	    --pairs | --file | \
	    --forbid-file | --repo | --body-dir | --gateway)
		COMPREPLY=($(compgen -f -- "$cur"))
		return 0 ;;
	esac
	if [[ $cur == -* ]]; then
		COMPREPLY=($(compgen -W "$(_meshplan_options "$bin" "$cmd") -o -q" \
		    -- "$cur"))
	else
		COMPREPLY=($(compgen -f -- "$cur"))
	fi
	return 0
}

complete -o filenames -o bashdefault -F _meshplan meshplan
