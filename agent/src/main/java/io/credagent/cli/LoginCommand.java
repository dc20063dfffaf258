package io.credagent.cli;

import io.credagent.chain.Environment;
import io.credagent.log.Log;
import io.credagent.login.LoginException;
import io.credagent.login.SsoLogin;
import io.credagent.login.SsoLogout;

import java.io.PrintStream;
import java.time.Duration;

/**
 * {@code login [--profile NAME] [--sso-session NAME] [--use-device-code] [--no-browser] [--timeout SECONDS]}
 * and {@code logout}, with {@code aws sso login}'s and {@code aws sso logout}'s flags and output
 * ({@link SsoLogin}, {@link SsoLogout}). Exit 0 logged in, 1 the login did not complete, 2 a usage or
 * configuration mistake; one line on stderr says which.
 */
final class LoginCommand {

    private LoginCommand() {
    }

    static int login(String[] args, PrintStream out, PrintStream err) {
        SsoLogin.Request request = new SsoLogin.Request();
        for (int i = 0; i < args.length; i++) {
            String arg = args[i];
            switch (arg) {
                case "--use-device-code":
                    request.useDeviceCode = true;
                    break;
                case "--no-browser":
                    request.noBrowser = true;
                    break;
                case "--profile":
                case "--sso-session":
                case "--timeout":
                    if (i + 1 >= args.length || args[i + 1].isEmpty()) {
                        err.println("credagent: " + arg + " needs a value");
                        return 2;
                    }
                    String value = args[++i];
                    if (arg.equals("--profile")) {
                        request.profile = value;
                    } else if (arg.equals("--sso-session")) {
                        request.ssoSession = value;
                    } else if (value.matches("[0-9]{1,6}") && Integer.parseInt(value) > 0) {
                        request.timeout = Duration.ofSeconds(Integer.parseInt(value));
                    } else {
                        err.println("credagent: bad value '" + value + "' for --timeout; accepted: whole seconds, at least 1");
                        return 2;
                    }
                    break;
                default:
                    err.println("credagent: unknown login option '" + arg + "'; accepted: --profile, --sso-session,"
                            + " --use-device-code, --no-browser, --timeout");
                    return 2;
            }
        }
        Log.configure(Log.Level.ERROR);
        try {
            out.println(SsoLogin.run(request, Environment.system(), out));
            return 0;
        } catch (LoginException e) {
            err.println("credagent: login failed: " + e.getMessage());
            return e.exitCode();
        }
    }

    static int logout(String[] args, PrintStream out, PrintStream err) {
        if (args.length > 0) {
            err.println("credagent: logout takes no options (it signs out of every SSO session, as aws sso logout)");
            return 2;
        }
        Log.configure(Log.Level.ERROR);
        try {
            out.println(SsoLogout.run(Environment.system()));
            return 0;
        } catch (LoginException e) {
            err.println("credagent: logout failed: " + e.getMessage());
            return e.exitCode();
        }
    }
}
