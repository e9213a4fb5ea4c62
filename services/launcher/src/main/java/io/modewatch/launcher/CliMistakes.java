package io.modewatch.launcher;

import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import picocli.CommandLine;
import picocli.CommandLine.Model.OptionSpec;

/**
 * How the CLI answers a mistyped command line: one line that names what it did not understand and
 * the closest thing it knows, a pointer to the help, and exit status 2. The full usage text would
 * push the one useful line off the screen.
 */
final class CliMistakes {

    static final int STATUS = 2;

    private CliMistakes() {
    }

    static int unknownCommand(CommandLine top, String given) {
        top.getErr().println("modewatch: unknown command '" + given + "'" + closest(given, top.getSubcommands().keySet())
                + "; see modewatch --help");
        return STATUS;
    }

    /** picocli's parameter exception handler: unknown options and arguments, missing or malformed values. */
    static int report(CommandLine.ParameterException e, String[] args) {
        CommandLine cmd = e.getCommandLine();
        String name = cmd.getCommandSpec().qualifiedName();
        String line;
        if (e instanceof CommandLine.UnmatchedArgumentException unmatched && !unmatched.getUnmatched().isEmpty()) {
            String given = unmatched.getUnmatched().get(0);
            if (given.startsWith("-")) {
                List<String> options = cmd.getCommandSpec().options().stream().map(OptionSpec::longestName).toList();
                line = name + ": unknown option '" + given + "'" + closest(given.split("=", 2)[0], options);
            } else if (!cmd.getSubcommands().isEmpty()) {
                line = name + ": unknown command '" + given + "'" + closest(given, cmd.getSubcommands().keySet());
            } else {
                line = name + ": unexpected argument '" + given + "'";
            }
        } else {
            line = name + ": " + e.getMessage();
        }
        cmd.getErr().println(line + "; see " + name + " --help");
        return STATUS;
    }

    private static String closest(String given, Collection<String> known) {
        Optional<String> best = known.stream().filter(k -> !k.equals("help") || given.startsWith("h"))
                .min(Comparator.comparingInt(k -> distance(given, k)));
        // Nothing close: listing what exists helps more than a far-fetched guess.
        return best.filter(b -> distance(given, b) <= Math.max(2, b.length() / 2))
                .map(b -> " (did you mean '" + b + "'?)")
                .orElse(" (known: " + String.join(", ", known.stream().filter(k -> !k.equals("help")).toList()) + ")");
    }

    /** Levenshtein distance. */
    static int distance(String a, String b) {
        int[] previous = new int[b.length() + 1];
        int[] current = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            previous[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            current[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int substitution = previous[j - 1] + (a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1);
                current[j] = Math.min(substitution, Math.min(previous[j] + 1, current[j - 1] + 1));
            }
            int[] swap = previous;
            previous = current;
            current = swap;
        }
        return previous[b.length()];
    }
}
