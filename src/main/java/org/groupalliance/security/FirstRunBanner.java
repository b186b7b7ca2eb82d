package org.groupalliance.security;

/**
 * Prints generated credentials to standard output (deliberately not through the logger, so they do
 * not end up in log files or log shippers). Shown once: they are never stored in clear.
 */
public final class FirstRunBanner {

    private FirstRunBanner() {
    }

    public static synchronized void print(String title, String... lines) {
        StringBuilder sb = new StringBuilder("\n==================== GroupAlliance ====================\n");
        sb.append(title).append('\n');
        for (String line : lines) {
            sb.append("  ").append(line).append('\n');
        }
        sb.append("Write these down now: they are shown only once. Change them under 'My password'.\n");
        sb.append("=======================================================\n");
        System.out.println(sb);
    }
}
