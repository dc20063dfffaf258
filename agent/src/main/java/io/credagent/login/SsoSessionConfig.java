package io.credagent.login;

import io.credagent.chain.ProfileFiles;
import software.amazon.awssdk.profiles.Profile;
import software.amazon.awssdk.profiles.ProfileFile;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * What a login needs from the config file, read as {@code aws sso login} reads it: the profile's
 * {@code sso_session} (or {@code --sso-session}) with its {@code sso_start_url}, {@code sso_region}
 * and {@code sso_registration_scopes}; or a legacy profile's own {@code sso_start_url} and
 * {@code sso_region}.
 */
final class SsoSessionConfig {

    final String sessionName;
    final String startUrl;
    final String region;
    /** Null when none are configured (legacy profiles never have any). */
    final List<String> scopes;

    private SsoSessionConfig(String sessionName, String startUrl, String region, List<String> scopes) {
        this.sessionName = sessionName;
        this.startUrl = startUrl;
        this.region = region;
        this.scopes = scopes;
    }

    /** The token cache's name: the session name, or the start URL for a legacy profile. */
    String tokenCacheKey() {
        return sessionName != null ? sessionName : startUrl;
    }

    static SsoSessionConfig resolve(ProfileFiles files, String profileName, String sessionOption) throws LoginException {
        ProfileFile file = files.profileFile();
        if (sessionOption != null) {
            return fromSession(files, file, sessionOption, "--sso-session " + sessionOption);
        }
        Profile profile = file.profile(profileName).orElseThrow(() -> new LoginException("profile '" + profileName
                + "' not found in " + files.locations() + "; name a profile with --profile, or a session with --sso-session",
                LoginException.CONFIGURATION));
        String session = profile.property("sso_session").orElse(null);
        if (session != null) {
            return fromSession(files, file, session, "profile '" + profileName + "'");
        }
        String startUrl = profile.property("sso_start_url").orElse(null);
        if (startUrl == null) {
            throw new LoginException("profile '" + profileName + "' has neither sso_session nor sso_start_url; add"
                    + " sso_session = <name> and an [sso-session <name>] section with sso_start_url and sso_region to "
                    + files.locations(), LoginException.CONFIGURATION);
        }
        String region = profile.property("sso_region").orElseThrow(() -> new LoginException("profile '" + profileName
                + "' has sso_start_url but no sso_region; add sso_region", LoginException.CONFIGURATION));
        return new SsoSessionConfig(null, startUrl, region, null);
    }

    private static SsoSessionConfig fromSession(ProfileFiles files, ProfileFile file, String name, String from)
            throws LoginException {
        Profile section = file.getSection("sso-session", name).orElseThrow(() -> new LoginException(from
                + " names sso-session '" + name + "', but there is no [sso-session " + name + "] in " + files.locations(),
                LoginException.CONFIGURATION));
        String startUrl = section.property("sso_start_url").orElseThrow(() -> new LoginException("[sso-session " + name
                + "] has no sso_start_url; add it", LoginException.CONFIGURATION));
        String region = section.property("sso_region").orElseThrow(() -> new LoginException("[sso-session " + name
                + "] has no sso_region; add it", LoginException.CONFIGURATION));
        List<String> scopes = null;
        String configured = section.property("sso_registration_scopes").orElse(null);
        if (configured != null && !configured.trim().isEmpty()) {
            scopes = new ArrayList<>();
            for (String scope : configured.split(",")) {
                if (!scope.trim().isEmpty()) {
                    scopes.add(scope.trim());
                }
            }
            scopes = Collections.unmodifiableList(scopes);
        }
        return new SsoSessionConfig(name, startUrl, region, scopes);
    }
}
