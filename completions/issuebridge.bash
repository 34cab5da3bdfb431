# bash completion for issuebridge                                    -*- shell-script -*-

_issuebridge() {
    local cur prev words cword
    _init_completion || return

    local global="--config --state -v --verbose -q --quiet --log-file --json -h --help --version"
    local commands="sync check-missing status config state version"

    case $prev in
        --config|--state|--log-file)
            _filedir
            return ;;
        --repo|--route|--max-writes|--days)
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
        status|version) opts="" ;;
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
