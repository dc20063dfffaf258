package io.credagent.cli;

import io.credagent.chain.CredentialChain;
import io.credagent.credentials.CredentialException;
import io.credagent.credentials.Credentials;
import io.credagent.chain.Environment;
import io.credagent.chain.MfaCodes;
import io.credagent.chain.ProcessChain;
import io.credagent.chain.SsoBearerToken;
import io.credagent.config.AgentConfig;
import io.credagent.config.ConfigException;
import io.credagent.config.Option;
import io.credagent.log.Log;
import io.credagent.log.Mask;

import java.io.PrintStream;
import java.time.Instant;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * {@code resolve [--profile NAME] [--scope chain|profile|token] [--format json|process] [options]}:
 * resolves what the agent would answer and prints it as one JSON line on stdout.
 *
 * <ul>
 *   <li>{@code --scope chain} (default): the agent's chain; {@code profile}: the profile step alone
 *       (environment keys, web identity, container and IMDS are not asked); {@code token}: the
 *       profile's IAM Identity Center bearer token.</li>
 *   <li>{@code --format json} (default): for people; the access key id and the token masked, the
 *       secret key and session token never shown. {@code --format process}: the
 *       {@code credential_process} Version 1 document, unmasked, so that credagent can serve as
 *       another tool's {@code credential_process}; for a token, {@code accessToken}/{@code expiresAt}.</li>
 *   <li>A failure prints {@code {"error":{"category":...,"message":...}}} on stdout, the message on
 *       stderr, and exits 1. A usage or option mistake prints one line on stderr and exits 2.</li>
 * </ul>
 */
final class ResolveCommand {

    private String options;
    private String profile;
    private String scope = "chain";
    private String format = "json";

    private ResolveCommand() {
    }

    static int run(String[] args, PrintStream out, PrintStream err) {
        ResolveCommand command = new ResolveCommand();
        String mistake = command.parse(args);
        if (mistake != null) {
            err.println("credagent: " + mistake);
            return 2;
        }
        return command.execute(out, err);
    }

    /** Null when fine, else what is wrong. */
    private String parse(String[] args) {
        for (int i = 0; i < args.length; i++) {
            String arg = args[i];
            if (!arg.startsWith("--")) {
                if (options != null) {
                    return "resolve takes one options string (comma-separated), got '" + options + "' and '" + arg + "'";
                }
                options = arg;
                continue;
            }
            String name = arg;
            String value = null;
            int equals = arg.indexOf('=');
            if (equals > 0) {
                name = arg.substring(0, equals);
                value = arg.substring(equals + 1);
            } else if (i + 1 < args.length) {
                value = args[++i];
            }
            if (value == null || value.isEmpty()) {
                return name + " needs a value";
            }
            switch (name) {
                case "--profile":
                    profile = value;
                    break;
                case "--scope":
                    if (!value.equals("chain") && !value.equals("profile") && !value.equals("token")) {
                        return "bad value '" + value + "' for --scope; accepted: chain, profile, token";
                    }
                    scope = value;
                    break;
                case "--format":
                    if (!value.equals("json") && !value.equals("process")) {
                        return "bad value '" + value + "' for --format; accepted: json, process";
                    }
                    format = value;
                    break;
                default:
                    return "unknown resolve option '" + name + "'; accepted: --profile, --scope, --format";
            }
        }
        return null;
    }

    private int execute(PrintStream out, PrintStream err) {
        AgentConfig config;
        try {
            config = AgentConfig.load(options, systemProperties(), System.getenv());
            if (profile != null) {
                config = config.with(Option.PROFILE, profile, "--profile");
            }
        } catch (ConfigException | IllegalArgumentException e) {
            err.println("credagent: " + e.getMessage());
            return 2;
        }
        Log.configure(config.log());
        MfaCodes.askAt(new TerminalPrompt());
        try {
            String profileHere = config.profile() != null ? config.profile()
                    : CredentialChain.selectedProfileName(Environment.system());
            String refusal = ProcessChain.refusal(System.getenv(ProcessChain.VARIABLE), profileHere);
            if (refusal != null) {
                throw new CredentialException(CredentialException.Category.PROCESS_ERROR, refusal);
            }
            if (scope.equals("token")) {
                out.println(tokenLine(SsoBearerToken.resolve(config, Environment.system())));
            } else {
                CredentialChain chain = scope.equals("profile")
                        ? CredentialChain.profileOnly(config, Environment.system())
                        : CredentialChain.create(config, Environment.system());
                out.println(credentialsLine(chain.resolve()));
            }
            return 0;
        } catch (CredentialException e) {
            Map<String, Object> error = new LinkedHashMap<>();
            error.put("category", e.category().name());
            error.put("message", e.getMessage());
            Map<String, Object> line = new LinkedHashMap<>();
            line.put("error", error);
            out.println(JsonLine.write(line));
            err.println("credagent: " + e.getMessage());
            return 1;
        }
    }

    private String credentialsLine(Credentials credentials) {
        Map<String, Object> line = new LinkedHashMap<>();
        if (format.equals("process")) {
            // https://docs.aws.amazon.com/sdkref/latest/guide/feature-process-credentials.html
            line.put("Version", 1);
            line.put("AccessKeyId", credentials.accessKeyId());
            line.put("SecretAccessKey", credentials.secretAccessKey());
            putIfPresent(line, "SessionToken", credentials.sessionToken());
            putIfPresent(line, "Expiration", credentials.expiration() == null ? null : credentials.expiration().toString());
            putIfPresent(line, "AccountId", credentials.accountId());
            return JsonLine.write(line);
        }
        line.put("access_key_id", Mask.accessKeyId(credentials.accessKeyId()));
        line.put("session_token", credentials.sessionToken() != null);
        line.put("expiry", credentials.expiration() == null ? null : credentials.expiration().getEpochSecond());
        line.put("account_id", credentials.accountId());
        line.put("source", credentials.source());
        return JsonLine.write(line);
    }

    private String tokenLine(SsoBearerToken token) {
        Map<String, Object> line = new LinkedHashMap<>();
        Instant expiration = token.expiration();
        if (format.equals("process")) {
            // The field names of the SSO token cache file.
            line.put("accessToken", token.token());
            putIfPresent(line, "expiresAt", expiration == null ? null : expiration.toString());
            return JsonLine.write(line);
        }
        line.put("token", Mask.accessKeyId(token.token()));
        line.put("expiration", expiration == null ? null : expiration.toString());
        line.put("source", token.source());
        return JsonLine.write(line);
    }

    private static void putIfPresent(Map<String, Object> line, String key, Object value) {
        if (value != null) {
            line.put(key, value);
        }
    }

    static Map<String, String> systemProperties() {
        Map<String, String> properties = new HashMap<>();
        for (String name : System.getProperties().stringPropertyNames()) {
            properties.put(name, System.getProperty(name));
        }
        return properties;
    }
}
