package io.credagent.login;

import java.io.PrintStream;
import java.net.URI;

/**
 * Shows a login page to the person: opens the browser (unless {@code --no-browser} was given) and
 * prints the URL either way, in the AWS CLI's words. The browser is the {@code BROWSER} command
 * when that is set (as Python's {@code webbrowser}, and so the AWS CLI, honour it: entries
 * separated by the path separator, {@code %s} for the URL or the URL appended), else the desktop's.
 * It must be a browser that opens a window (or hands the URL on), not a terminal one.
 */
final class Browser {

    private final boolean allowed;
    private final PrintStream out;
    /** The {@code BROWSER} variable, or null. */
    private final String command;

    Browser(boolean allowed, PrintStream out, String command) {
        this.allowed = allowed;
        this.out = out;
        this.command = command == null || command.trim().isEmpty() ? null : command;
    }

    /** True if a browser can be opened here: a {@code BROWSER} command, or a desktop that can browse. */
    static boolean available(String command) {
        if (command != null && !command.trim().isEmpty()) {
            return true;
        }
        return desktopCanBrowse();
    }

    /** A desktop whose browser Java can open: not headless, and {@code Desktop} supports BROWSE. */
    private static boolean desktopCanBrowse() {
        try {
            return !java.awt.GraphicsEnvironment.isHeadless() && java.awt.Desktop.isDesktopSupported()
                    && java.awt.Desktop.getDesktop().isSupported(java.awt.Desktop.Action.BROWSE);
        } catch (Exception | LinkageError e) {
            return false;
        }
    }

    /** The device flow: a page plus the code to enter there (or a URL that fills it in). */
    void showDeviceCode(String verificationUri, String userCode, String verificationUriComplete) {
        if (open(verificationUriComplete)) {
            out.print("Attempting to open your default browser.\nIf the browser does not open or you wish to use a"
                    + " different device to authorize this request, open the following URL:\n\n" + verificationUri
                    + "\n\nThen enter the code:\n\n" + userCode + "\n");
        } else {
            out.print("Browser will not be automatically opened.\nPlease visit the following URL:\n\n" + verificationUri
                    + "\n\nThen enter the code:\n\n" + userCode + "\n\nAlternatively, you may visit the following URL"
                    + " which will autofill the code upon loading:\n" + verificationUriComplete + "\n");
        }
        out.flush();
    }

    /** The authorization-code flow: a page that redirects back to credagent's loopback listener. */
    void showAuthorization(String url) {
        if (open(url)) {
            out.print("Attempting to open your default browser. If the browser does not open, open the following URL.\n"
                    + "If you are unable to open the URL on this device, run this command again with the"
                    + " '--use-device-code' option.\n\n" + url + "\n\n");
        } else {
            out.print("Browser will not be automatically opened.\nPlease visit the following URL:\n\n" + url + "\n\n");
        }
        out.flush();
    }

    /** A page of credagent's own on 127.0.0.1 (the MFA code): true if a browser was opened on it. */
    boolean showPage(String url) {
        return open(url);
    }

    private boolean open(String url) {
        if (!allowed) {
            return false;
        }
        if (command != null) {
            return runCommand(url);
        }
        if (!desktopCanBrowse()) {
            return false; // no desktop (a server, a container): the URL is printed instead
        }
        try {
            java.awt.Desktop.getDesktop().browse(URI.create(url));
            return true;
        } catch (Exception | LinkageError e) {
            return false; // the desktop refused: the URL is printed instead
        }
    }

    /** The first {@code BROWSER} entry that starts; it runs on its own, its output discarded. */
    private boolean runCommand(String url) {
        for (String entry : command.split(java.util.regex.Pattern.quote(java.io.File.pathSeparator))) {
            if (entry.trim().isEmpty()) {
                continue;
            }
            java.util.List<String> words = new java.util.ArrayList<>();
            boolean placed = false;
            for (String word : entry.trim().split("\\s+")) {
                placed |= word.contains("%s");
                words.add(word.replace("%s", url));
            }
            if (!placed) {
                words.add(url);
            }
            try {
                new ProcessBuilder(words).redirectErrorStream(true)
                        .redirectInput(ProcessBuilder.Redirect.from(new java.io.File(nullDevice())))
                        .redirectOutput(ProcessBuilder.Redirect.appendTo(new java.io.File(nullDevice())))
                        .start();
                return true;
            } catch (java.io.IOException | RuntimeException e) {
                // try the next entry
            }
        }
        return false;
    }

    private static String nullDevice() {
        return System.getProperty("os.name", "").startsWith("Windows") ? "NUL" : "/dev/null";
    }
}
