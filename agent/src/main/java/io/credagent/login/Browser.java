package io.credagent.login;

import java.io.PrintStream;
import java.net.URI;

/**
 * Shows a login page to the person: opens the system browser where a desktop exists (and
 * {@code --no-browser} was not given), and prints the URL either way, in the AWS CLI's words.
 */
final class Browser {

    private final boolean allowed;
    private final PrintStream out;

    Browser(boolean allowed, PrintStream out) {
        this.allowed = allowed;
        this.out = out;
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

    private boolean open(String url) {
        if (!allowed) {
            return false;
        }
        try {
            if (java.awt.GraphicsEnvironment.isHeadless() || !java.awt.Desktop.isDesktopSupported()
                    || !java.awt.Desktop.getDesktop().isSupported(java.awt.Desktop.Action.BROWSE)) {
                return false;
            }
            java.awt.Desktop.getDesktop().browse(URI.create(url));
            return true;
        } catch (Exception | LinkageError e) {
            return false; // no desktop (a server, a container): the URL is printed instead
        }
    }
}
