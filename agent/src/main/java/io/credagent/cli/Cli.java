package io.credagent.cli;

import io.credagent.config.AgentConfig;
import io.credagent.config.ConfigException;

import java.io.PrintStream;
import java.util.Arrays;
import java.util.Collections;

/**
 * {@code java -jar credagent.jar <command>}. Runs inside the agent class loader (see AgentEntry).
 */
public final class Cli {

    private static final String USAGE = "usage: java -jar credagent.jar <command>\n"
            + "  resolve [--profile NAME] [--scope chain|profile|token] [--format json|process] [options]\n"
            + "                           resolve credentials as the agent would and print them as one JSON line\n"
            + "                           (key id masked; --format process: credential_process output, unmasked)\n"
            + "  doctor [--profile NAME] [--format text|json] [options]\n"
            + "                           check the chain step by step and what to fix; exit 0 healthy, 1 warnings, 2 errors\n"
            + "  login [--profile NAME] [--sso-session NAME] [--use-device-code] [--no-browser] [--timeout SECONDS]\n"
            + "                           IAM Identity Center login, as aws sso login (token in ~/.aws/sso/cache)\n"
            + "  logout                   sign out of every SSO session, as aws sso logout\n"
            + "  attach <pid> [options]   load the agent into a running JVM\n"
            + "  status <pid> [--format text|json]\n"
            + "                           credagent's live state in a running JVM (identities, refreshes, lookups)\n"
            + "  version                  print the version\n"
            + "options are the agent's, as one comma-separated string: e.g. resolve profile=dev,region=eu-west-1";

    private Cli() {
    }

    public static void main(String[] args) {
        System.exit(run(args, System.out, System.err));
    }

    static int run(String[] args, PrintStream out, PrintStream err) {
        String command = args.length == 0 ? "help" : args[0];
        switch (command) {
            case "resolve":
                return ResolveCommand.run(Arrays.copyOfRange(args, 1, args.length), out, err);
            case "doctor":
                return DoctorCommand.run(Arrays.copyOfRange(args, 1, args.length), out, err);
            case "login":
                return LoginCommand.login(Arrays.copyOfRange(args, 1, args.length), out, err);
            case "logout":
                return LoginCommand.logout(Arrays.copyOfRange(args, 1, args.length), out, err);
            case "status":
                return StatusCommand.run(Arrays.copyOfRange(args, 1, args.length), out, err);
            case "attach":
                return attach(args, out, err);
            case "version":
                out.println("credagent " + version());
                return 0;
            case "help":
            case "--help":
            case "-h":
                out.println(USAGE);
                return 0;
            default:
                err.println("credagent: unknown command '" + command + "'\n" + USAGE);
                return 2;
        }
    }

    private static int attach(String[] args, PrintStream out, PrintStream err) {
        if (args.length < 2 || !args[1].matches("[0-9]+")) {
            err.println("credagent: attach needs the process id of a running JVM: attach <pid> [options]");
            return 2;
        }
        String options = args.length > 2 ? args[2] : "";
        try {
            // Fail here, not silently in the target: the options are checked before attaching.
            AgentConfig.load(options, Collections.<String, String>emptyMap(), Collections.<String, String>emptyMap());
            AttachCommand.attach(args[1], options);
            out.println("credagent: attached to JVM " + args[1]);
            return 0;
        } catch (ConfigException e) {
            err.println("credagent: " + e.getMessage());
            return 2;
        } catch (AttachApi.AttachFailure e) {
            err.println("credagent: " + e.getMessage());
            return 1;
        }
    }

    private static String version() {
        Package p = Cli.class.getPackage();
        return p == null || p.getImplementationVersion() == null ? "unknown" : p.getImplementationVersion();
    }
}
