package io.credagent.chain;

import io.credagent.credentials.SdkErrors;
import io.credagent.credentials.CredentialException;

import software.amazon.awssdk.profiles.ProfileFile;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;

/**
 * The shared config and credentials files: where they are, and their parsed content.
 *
 * <p>Located the SDK's way ({@code aws.configFile} / {@code AWS_CONFIG_FILE}, else
 * {@code ~/.aws/config}; {@code aws.sharedCredentialsFile} / {@code AWS_SHARED_CREDENTIALS_FILE},
 * else {@code ~/.aws/credentials}; a leading {@code ~/} means the home directory) but from the
 * injected {@link Environment}. Parsing is the SDK's own {@link ProfileFile}, one file at a time so
 * that a parse error can name its file; then aggregated the SDK's way, the credentials file winning
 * over the config file. Parsed once and kept, like an SDK provider given an explicit file.
 */
public final class ProfileFiles {

    private final Path configFile;
    private final Path credentialsFile;
    private final String homeDirectory;
    private final Lazy<ProfileFile> parsed = new Lazy<>(this::parse);

    private ProfileFiles(Path configFile, Path credentialsFile, String homeDirectory) {
        this.configFile = configFile;
        this.credentialsFile = credentialsFile;
        this.homeDirectory = homeDirectory;
    }

    public static ProfileFiles locate(Environment env) {
        String home = env.homeDirectory();
        return new ProfileFiles(
                path(env.setting("aws.configFile", "AWS_CONFIG_FILE"), home, "config"),
                path(env.setting("aws.sharedCredentialsFile", "AWS_SHARED_CREDENTIALS_FILE"), home, "credentials"),
                home);
    }

    private static Path path(String configured, String home, String defaultName) {
        if (configured != null) {
            boolean tilde = configured.equals("~") || configured.startsWith("~/") || configured.startsWith("~\\");
            return Paths.get(tilde && home != null ? home + configured.substring(1) : configured);
        }
        return home == null ? null : Paths.get(home, ".aws", defaultName);
    }

    /** Null when neither a setting nor a home directory says where it is. */
    Path configFile() {
        return configFile;
    }

    Path credentialsFile() {
        return credentialsFile;
    }

    public String homeDirectory() {
        return homeDirectory;
    }

    /**
     * The aggregate of the files that exist (empty if none).
     *
     * @throws CredentialException PARSE_ERROR naming the file and the SDK's reason
     */
    public ProfileFile profileFile() {
        return parsed.get();
    }

    private ProfileFile parse() {
        ProfileFile.Aggregator aggregator = ProfileFile.aggregator();
        // The aggregator lets the first file win a conflicting property: credentials first.
        addIfReadable(aggregator, credentialsFile, ProfileFile.Type.CREDENTIALS);
        addIfReadable(aggregator, configFile, ProfileFile.Type.CONFIGURATION);
        return aggregator.build();
    }

    private void addIfReadable(ProfileFile.Aggregator aggregator, Path file, ProfileFile.Type type) {
        if (!isReadable(file)) {
            return;
        }
        try {
            aggregator.addFile(ProfileFile.builder().content(file).type(type).build());
        } catch (RuntimeException e) {
            throw new CredentialException(CredentialException.Category.PARSE_ERROR,
                    "cannot parse " + display(file) + ": " + SdkErrors.message(e)
                            + "; fix that line, or point " + (type == ProfileFile.Type.CONFIGURATION
                            ? "AWS_CONFIG_FILE" : "AWS_SHARED_CREDENTIALS_FILE") + " at another file");
        }
    }

    /** The SDK silently ignores files it cannot read; so do we, but the messages still list them. */
    static boolean isReadable(Path file) {
        return file != null && Files.isRegularFile(file) && Files.isReadable(file);
    }

    boolean anyReadable() {
        return isReadable(configFile) || isReadable(credentialsFile);
    }

    /** {@code ~/.aws/config, ~/.aws/credentials}, marking the ones that do not exist. */
    public String locations() {
        List<String> names = new ArrayList<>();
        for (Path file : new Path[] {configFile, credentialsFile}) {
            if (file != null) {
                names.add(display(file) + (isReadable(file) ? "" : " (missing)"));
            }
        }
        return names.isEmpty() ? "no config files (home directory unknown; set AWS_CONFIG_FILE)" : String.join(", ", names);
    }

    /** The path with the home directory shown as {@code ~}, for shorter messages. */
    public String display(Path file) {
        String text = file.toString();
        if (homeDirectory != null && !homeDirectory.isEmpty() && text.startsWith(homeDirectory)
                && (text.length() == homeDirectory.length() || isSeparator(text.charAt(homeDirectory.length())))) {
            return "~" + text.substring(homeDirectory.length());
        }
        return text;
    }

    private static boolean isSeparator(char c) {
        return c == '/' || c == '\\';
    }

    /**
     * True when the config file has a {@code [name]} section: the SDK ignores it there (only
     * {@code [default]} and {@code [profile name]} count in the config file), a classic mistake
     * worth pointing out when that profile is reported missing.
     */
    boolean configHasUnprefixedSection(String profileName) {
        if (!isReadable(configFile) || "default".equals(profileName)) {
            return false;
        }
        try {
            for (String line : Files.readAllLines(configFile, StandardCharsets.UTF_8)) {
                if (line.trim().equals("[" + profileName + "]")) {
                    return true;
                }
            }
        } catch (IOException | UncheckedIOException e) {
            return false;
        }
        return false;
    }
}
