package io.credagent.chain;

import io.credagent.credentials.SdkErrors;
import io.credagent.credentials.Credentials;

import io.credagent.log.Log;
import software.amazon.awssdk.profiles.Profile;
import software.amazon.awssdk.profiles.ProfileFile;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

/**
 * Hands the SDK a setting credagent decided, without {@code System.setProperty}: an extra,
 * in-memory profile file that sets one property on some profiles, aggregated with the real files.
 * The SDK's aggregator lets the first file win a conflicting property, so the extra file goes last
 * for a default (a real setting in the profile still wins) and first for an override.
 */
final class ProfileDefaults {

    private ProfileDefaults() {
    }

    /**
     * @param which    the existing profiles that get the property
     * @param override true: the value beats the profile's own; false: only profiles without it get it
     * @return {@code base} itself when no profile is affected or the extra file cannot be built
     */
    static ProfileFile set(ProfileFile base, Predicate<Profile> which, String property, String value, boolean override) {
        List<String> names = new ArrayList<>();
        for (Map.Entry<String, Profile> entry : base.profiles().entrySet()) {
            if (which.test(entry.getValue())) {
                names.add(entry.getKey());
            }
        }
        return set(base, names, property, value, override);
    }

    /** As above, for named profiles, which the extra file creates if they do not exist. */
    static ProfileFile set(ProfileFile base, Collection<String> profileNames, String property, String value,
                           boolean override) {
        StringBuilder extra = new StringBuilder();
        for (String name : profileNames) {
            Profile profile = base.profile(name).orElse(null);
            if (override || profile == null || !profile.properties().containsKey(property)) {
                // Credentials-file syntax: [name] for every profile, default or not.
                extra.append('[').append(name).append("]\n")
                     .append(property).append(" = ").append(value).append('\n');
            }
        }
        if (extra.length() == 0) {
            return base;
        }
        try {
            ProfileFile settings = ProfileFile.builder().content(extra.toString())
                    .type(ProfileFile.Type.CREDENTIALS).build();
            return override
                    ? ProfileFile.aggregator().addFile(settings).addFile(base).build()
                    : ProfileFile.aggregator().addFile(base).addFile(settings).build();
        } catch (RuntimeException e) {
            // A profile name the parser rejects: the profiles keep the SDK's own choice.
            Log.debug("cannot add " + property + " to the profiles: " + SdkErrors.message(e));
            return base;
        }
    }
}
