# fish completion for issuebridge

set -l commands sync check-missing status config state version

complete -c issuebridge -f
complete -c issuebridge -l config -r -F -d 'Config file'
complete -c issuebridge -l state -r -F -d 'State database'
complete -c issuebridge -s v -l verbose -d 'More diagnostics on stderr'
complete -c issuebridge -s q -l quiet -d 'Only errors on stderr'
complete -c issuebridge -l no-color -d 'Never colour diagnostics'
complete -c issuebridge -l log-file -r -F -d 'Append diagnostics to this file'
complete -c issuebridge -l json -d 'Write one JSON document to stdout'
complete -c issuebridge -s h -l help -d 'Print help'
complete -c issuebridge -l version -d 'Print the version'

complete -c issuebridge -n "not __fish_seen_subcommand_from $commands" -a sync -d 'Poll the sources and create or update the target items'
complete -c issuebridge -n "not __fish_seen_subcommand_from $commands" -a check-missing -d 'Compare source items of the last N days with the targets'
complete -c issuebridge -n "not __fish_seen_subcommand_from $commands" -a status -d 'Show runs, cursors, pending and failed items'
complete -c issuebridge -n "not __fish_seen_subcommand_from $commands" -a config -d 'Check or show the configuration'
complete -c issuebridge -n "not __fish_seen_subcommand_from $commands" -a state -d 'Maintain the state database'
complete -c issuebridge -n "not __fish_seen_subcommand_from $commands" -a version -d 'Print the version'

# Route and repository names of the config, from 'issuebridge config show --json' (no network, no secrets).
function __issuebridge_names
    set -l json (issuebridge config show --json 2>/dev/null); or return
    if test "$argv[1]" = route
        string match -ar '"name":"[^"]*"' -- $json | string replace -r '^"name":"(.*)"$' '$1'
    else
        string match -ar '"repos":\[[^]]*\]' -- $json | string replace -r '^"repos":\[(.*)\]$' '$1' | string split , | string trim -c '"' | sort -u
    end
end
complete -c issuebridge -n "__fish_seen_subcommand_from sync check-missing" -l repo -r -a "(__issuebridge_names repo)" -d 'Only this repository'
complete -c issuebridge -n "__fish_seen_subcommand_from sync check-missing" -l route -r -a "(__issuebridge_names route)" -d 'Only this route'
complete -c issuebridge -n "__fish_seen_subcommand_from sync check-missing" -l dry-run -d 'Print the plan or report, write nothing'
complete -c issuebridge -n "__fish_seen_subcommand_from sync" -l full -d 'Ignore cursors and ETags'
complete -c issuebridge -n "__fish_seen_subcommand_from sync" -l max-writes -r -d 'Stop after N writes'
complete -c issuebridge -n "__fish_seen_subcommand_from check-missing" -l days -r -d 'Items updated in the last N days'
complete -c issuebridge -n "__fish_seen_subcommand_from check-missing" -l report-only -d 'Report, change nothing'
complete -c issuebridge -n "__fish_seen_subcommand_from status" -l check -d 'Exit 1 when the last run failed or an item fails for over a day'

complete -c issuebridge -n "__fish_seen_subcommand_from config; and not __fish_seen_subcommand_from check show" -a check -d 'Validate the config and its environment'
complete -c issuebridge -n "__fish_seen_subcommand_from config; and not __fish_seen_subcommand_from check show" -a show -d 'Print the effective config'
complete -c issuebridge -n "__fish_seen_subcommand_from check" -l online -d 'Also sign in to every tracker'

complete -c issuebridge -n "__fish_seen_subcommand_from state; and not __fish_seen_subcommand_from adopt" -a adopt -d 'Rebuild links from target markers'
complete -c issuebridge -n "__fish_seen_subcommand_from adopt" -l route -r -a "(__issuebridge_names route)" -d 'Only this route'
