package io.credagent.cli;

import io.credagent.chain.CredentialChain;
import io.credagent.chain.Environment;
import io.credagent.chain.MfaCodes;
import io.credagent.chain.RoleProfiles;
import io.credagent.config.AgentConfig;
import io.credagent.config.CacheMode;
import io.credagent.config.ConfigException;
import io.credagent.config.Option;
import io.credagent.credentials.CredentialException;
import io.credagent.credentials.Credentials;
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
        Environment env = Environment.system();
        String profile = request.profile != null ? request.profile : CredentialChain.selectedProfileName(env);
        if (request.ssoSession == null && RoleProfiles.usesMfa(env, profile)) {
            return mfaLogin(profile, env, out, err);
        }
        try {
            out.println(SsoLogin.run(request, env, out));
            return 0;
        } catch (LoginException e) {
            err.println("credagent: login failed: " + e.getMessage());
            return e.exitCode();
        }
    }

    /**
     * {@code login --profile} of a role with {@code mfa_serial}: asks for the code on the terminal,
     * assumes the role, and leaves the session in the AWS CLI's cache for every JVM and the CLI
     * (with {@code cache=shared}), as {@code resolve --profile} does, without printing credentials.
     */
    private static int mfaLogin(String profile, Environment env, PrintStream out, PrintStream err) {
        MfaCodes.askAt(new TerminalPrompt());
        try {
            AgentConfig config = AgentConfig.load(null, ResolveCommand.systemProperties(), System.getenv())
                    .with(Option.PROFILE, profile, "--profile");
            Credentials session = CredentialChain.profileOnly(config, env).resolve();
            out.println("MFA session of profile '" + profile + "' ready" + (session.expiration() != null
                    ? " until " + session.expiration() : "") + (config.cache() == CacheMode.SHARED
                    ? ", shared with every JVM and the AWS CLI through ~/.aws/cli/cache" : ""));
            return 0;
        } catch (ConfigException e) {
            err.println("credagent: " + e.getMessage());
            return 2;
        } catch (CredentialException e) {
            err.println("credagent: login failed: " + e.getMessage());
            return 1;
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
