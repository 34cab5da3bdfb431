# bash completion for issuebridge                                    -*- shell-script -*-

# Route (route) or repository (repo) names of the config the command line names, from the binary itself
# ('config show --json': no network, no secrets); nothing when there is no valid config.
_issuebridge_names() {
    local what=$1 i
    local -a config=()
    for ((i = 1; i < cword; i++)); do
        [[ ${words[i]} == --config ]] && config=(--config "${words[i + 1]}")
    done
    local json
    json=$(issuebridge "${config[@]}" config show --json 2>/dev/null) || return 0
    case $what in
        route) grep -o '"name":"[^"]*"' <<<"$json" | cut -d'"' -f4 ;;
        repo) grep -o '"repos":\[[^]]*\]' <<<"$json" | cut -d'[' -f2 | tr -d '"]' | tr ',' '\n' | sort -u ;;
    esac
}

_issuebridge() {
    local cur prev words cword
    _init_completion || return

    local global="--config --state -v --verbose -q --quiet --log-file --json --no-color -h --help --version"
    local commands="sync check-missing status config state version"

    case $prev in
        --config|--state|--log-file)
            _filedir
            return ;;
        --repo)
            COMPREPLY=($(compgen -W "$(_issuebridge_names repo)" -- "$cur"))
            return ;;
        --route)
            COMPREPLY=($(compgen -W "$(_issuebridge_names route)" -- "$cur"))
            return ;;
        --max-writes|--days)
            return ;;
    esac

    # The command path typed so far: the first one or two words that are not options.
    local i cmd="" sub=""
    for ((i = 1; i < cword; i++)); do
        case ${words[i]} in
            --config|--state|--log-file|--repo|--route|--max-writes|--days) ((i++)) ;;
            -*) ;;
            *) if [[ -z $cmd ]]; then cmd=${words[i]}; elif [[ -z $sub ]]; then sub=${words[i]}; fi ;;
        esac
    done

    local opts=""
    case $cmd in
        "") COMPREPLY=($(compgen -W "$commands $global" -- "$cur")); return ;;
        sync) opts="--repo --route --dry-run --full --max-writes" ;;
        check-missing) opts="--days --repo --route --report-only --dry-run" ;;
        status) opts="--check" ;;
        version) opts="" ;;
        config)
            case $sub in
                "") COMPREPLY=($(compgen -W "check show" -- "$cur")); return ;;
                check) opts="--online" ;;
            esac ;;
        state)
            case $sub in
                "") COMPREPLY=($(compgen -W "adopt" -- "$cur")); return ;;
                adopt) opts="--route" ;;
            esac ;;
    esac
    COMPREPLY=($(compgen -W "$opts $global" -- "$cur"))
} &&
    complete -F _issuebridge issuebridge
