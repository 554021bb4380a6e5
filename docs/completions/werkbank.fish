function __werkbank_should_offer_completions_for_flags_or_options -a expected_commands
    set -l non_repeating_flags_or_options $argv[2..]
    set -l non_repeating_flags_or_options_absent 0
    set -l positional_index 0
    set -l commands
    __werkbank_parse_tokens
    test "$commands" = "$expected_commands"; and return $non_repeating_flags_or_options_absent
end

function __werkbank_should_offer_completions_for_positional -a expected_commands positional_index_comparison expected_positional_index
    set -l non_repeating_flags_or_options
    set -l non_repeating_flags_or_options_absent 0
    set -l positional_index 0
    set -l commands
    __werkbank_parse_tokens
    test "$commands" = "$expected_commands" -a \( "$positional_index" "$positional_index_comparison" "$expected_positional_index" \)
end

function __werkbank_parse_tokens -S
    set -l unparsed_tokens (__werkbank_tokens -pc)
    switch $unparsed_tokens[1]
    case 'werkbank'
        __werkbank_parse_subcommand 0 'c/command=' 'f/format=' 'library=' 'completions=' 'man' 'version' 'h/help'
        switch $unparsed_tokens[1]
        case 'run'
            __werkbank_parse_subcommand 1 'library=' 'check' 'update' 'until=' 'allow-write' 'param=+' 'version' 'h/help'
        case 'present'
            __werkbank_parse_subcommand 1 'library=' 'version' 'h/help'
        case 'export'
            __werkbank_parse_subcommand 1 'library=' 'html=' 'version' 'h/help'
        case 'help'
            __werkbank_parse_subcommand -r 1 'version'
        end
    end
end

function __werkbank_tokens
    if test (string split -m 1 -f 1 -- . "$FISH_VERSION") -gt 3
        commandline --tokens-raw $argv
    else
        commandline -o $argv
    end
end

function __werkbank_parse_subcommand -S -a positional_count
    argparse -s r -- $argv
    set -l option_specs $argv[2..]
    set -l is_repeating_positional $_flag_r
    set -el _flag_r
    set -a commands $unparsed_tokens[1]
    set positional_index 0
    while true
        set -e unparsed_tokens[1]
        argparse -sn "$commands" $option_specs -- $unparsed_tokens 2> /dev/null
        set unparsed_tokens $argv
        set positional_index (math $positional_index + 1)
        for non_repeating_flag_or_option in $non_repeating_flags_or_options
            if set -ql "_flag_$(string replace -a - _ -- $non_repeating_flag_or_option)"
                set non_repeating_flags_or_options_absent 1
                break
            end
        end
        test (count $unparsed_tokens) -eq 0 -o \( -z "$is_repeating_positional" -a "$positional_index" -gt "$positional_count" \) && break
    end
end

function __werkbank_complete_directories
    set -l token (commandline -t)
    string match -- '*/' $token
    set -l subdirs $token*/
    printf %s\n $subdirs
end

function __werkbank_custom_completion
    set -x SAP_SHELL fish
    set -x SAP_SHELL_VERSION $FISH_VERSION
    set -l tokens (__werkbank_tokens -p)
    if test -z "$(__werkbank_tokens -t)"
        set -l index (count (__werkbank_tokens -pc))
        set tokens $tokens[..$index] \'\' $tokens[(math $index + 1)..]
    end
    command $tokens[1] $argv $tokens
end

complete -c 'werkbank' -f
complete -c 'werkbank' -n '__werkbank_should_offer_completions_for_flags_or_options "werkbank" c command' -s 'c' -l 'command' -d 'Run the statements and exit.' -rfka ''
complete -c 'werkbank' -n '__werkbank_should_offer_completions_for_flags_or_options "werkbank" f format' -s 'f' -l 'format' -d 'The output format of results (default table).' -rfka 'table csv json jsonl markdown'
complete -c 'werkbank' -n '__werkbank_should_offer_completions_for_flags_or_options "werkbank" library' -l 'library' -d 'Use the Library in <dir> instead of the bundled one.' -rfa '(__werkbank_complete_directories)'
complete -c 'werkbank' -n '__werkbank_should_offer_completions_for_flags_or_options "werkbank" completions' -l 'completions' -d 'Print the completion script for bash, zsh or fish.' -rfka 'bash zsh fish'
complete -c 'werkbank' -n '__werkbank_should_offer_completions_for_flags_or_options "werkbank" man' -l 'man' -d 'Print the man page (roff).'
complete -c 'werkbank' -n '__werkbank_should_offer_completions_for_flags_or_options "werkbank" version' -l 'version' -d 'Show the version.'
complete -c 'werkbank' -n '__werkbank_should_offer_completions_for_flags_or_options "werkbank" h help' -s 'h' -l 'help' -d 'Show help information.'
complete -c 'werkbank' -n '__werkbank_should_offer_completions_for_positional "werkbank" -eq 1' -fa 'run' -d 'Replay every cell of a notebook in a fresh session and print the outputs.'
complete -c 'werkbank' -n '__werkbank_should_offer_completions_for_positional "werkbank" -eq 1' -fa 'present' -d 'Step through a notebook cell by cell, as slides.'
complete -c 'werkbank' -n '__werkbank_should_offer_completions_for_positional "werkbank" -eq 1' -fa 'export' -d 'Export a notebook as one self-contained HTML page.'
complete -c 'werkbank' -n '__werkbank_should_offer_completions_for_positional "werkbank" -eq 1' -fa 'help' -d 'Show subcommand help information.'
complete -c 'werkbank' -n '__werkbank_should_offer_completions_for_flags_or_options "werkbank run" library' -l 'library' -d 'Use the Library in <dir> instead of the bundled one.' -rfa '(__werkbank_complete_directories)'
complete -c 'werkbank' -n '__werkbank_should_offer_completions_for_positional "werkbank run" -eq 1' -fa '(for p in (string match -e -- \'*/\' (commandline -t);or printf \n)*.\'md\';printf %s\n $p;end;__fish_complete_directories (commandline -t) \'\')'
complete -c 'werkbank' -n '__werkbank_should_offer_completions_for_flags_or_options "werkbank run" check' -l 'check' -d 'Compare each output with the recorded one; exit 1 on any difference.'
complete -c 'werkbank' -n '__werkbank_should_offer_completions_for_flags_or_options "werkbank run" update' -l 'update' -d 'Rewrite the outputs and dataset hashes in the notebook (its prose is kept byte for byte).'
complete -c 'werkbank' -n '__werkbank_should_offer_completions_for_flags_or_options "werkbank run" until' -l 'until' -d 'Stop after cell <n> (1 or more).' -rfka ''
complete -c 'werkbank' -n '__werkbank_should_offer_completions_for_flags_or_options "werkbank run" allow-write' -l 'allow-write' -d 'Let save stages write files (a replay writes nothing otherwise; a cell that reads a file an earlier cell writes fails without it).'
complete -c 'werkbank' -n '__werkbank_should_offer_completions_for_flags_or_options "werkbank run"' -l 'param' -d 'Run the parameter cell <name> (```werkbank parameter) as let <name> = <pipeline>.' -rfka ''
complete -c 'werkbank' -n '__werkbank_should_offer_completions_for_flags_or_options "werkbank run" version' -l 'version' -d 'Show the version.'
complete -c 'werkbank' -n '__werkbank_should_offer_completions_for_flags_or_options "werkbank run" h help' -s 'h' -l 'help' -d 'Show help information.'
complete -c 'werkbank' -n '__werkbank_should_offer_completions_for_flags_or_options "werkbank present" library' -l 'library' -d 'Use the Library in <dir> instead of the bundled one.' -rfa '(__werkbank_complete_directories)'
complete -c 'werkbank' -n '__werkbank_should_offer_completions_for_positional "werkbank present" -eq 1' -fa '(for p in (string match -e -- \'*/\' (commandline -t);or printf \n)*.\'md\';printf %s\n $p;end;__fish_complete_directories (commandline -t) \'\')'
complete -c 'werkbank' -n '__werkbank_should_offer_completions_for_flags_or_options "werkbank present" version' -l 'version' -d 'Show the version.'
complete -c 'werkbank' -n '__werkbank_should_offer_completions_for_flags_or_options "werkbank present" h help' -s 'h' -l 'help' -d 'Show help information.'
complete -c 'werkbank' -n '__werkbank_should_offer_completions_for_flags_or_options "werkbank export" library' -l 'library' -d 'Use the Library in <dir> instead of the bundled one.' -rfa '(__werkbank_complete_directories)'
complete -c 'werkbank' -n '__werkbank_should_offer_completions_for_positional "werkbank export" -eq 1' -fa '(for p in (string match -e -- \'*/\' (commandline -t);or printf \n)*.\'md\';printf %s\n $p;end;__fish_complete_directories (commandline -t) \'\')'
complete -c 'werkbank' -n '__werkbank_should_offer_completions_for_flags_or_options "werkbank export" html' -l 'html' -d 'Write the page to <out.html> (- writes it to stdout).' -rfa '(for p in (string match -e -- \'*/\' (commandline -t);or printf \n)*.\'html\';printf %s\n $p;end;__fish_complete_directories (commandline -t) \'\')'
complete -c 'werkbank' -n '__werkbank_should_offer_completions_for_flags_or_options "werkbank export" version' -l 'version' -d 'Show the version.'
complete -c 'werkbank' -n '__werkbank_should_offer_completions_for_flags_or_options "werkbank export" h help' -s 'h' -l 'help' -d 'Show help information.'
complete -c 'werkbank' -n '__werkbank_should_offer_completions_for_flags_or_options "werkbank help" version' -l 'version' -d 'Show the version.'