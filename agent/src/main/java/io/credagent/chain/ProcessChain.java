package io.credagent.chain;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The profiles whose {@code credential_process} is running above this process, in the
 * environment variable {@code _CREDAGENT_PROFILE_CHAIN} that credagent sets for every command it
 * runs. It guards {@code resolve} used as a {@code credential_process}: a profile whose process
 * asks credagent for that same profile would start itself without end; so does a chain deeper
 * than four, like the AWS CLI's limit on nested profiles. (Not {@code CREDAGENT_*}: those are options.)
 */
public final class ProcessChain {

    public static final String VARIABLE = "_CREDAGENT_PROFILE_CHAIN";
    static final int MAX_DEPTH = 4;

    private ProcessChain() {
    }

    /** The chain a command run for {@code profile} gets: the current one, then {@code profile}. */
    static String forCommandOf(String current, String profile) {
        List<String> chain = parse(current);
        chain.add(profile);
        return String.join(",", chain);
    }

    /** Why resolving {@code profile} here must stop, or {@code null} when it may go on. */
    public static String refusal(String current, String profile) {
        List<String> chain = parse(current);
        if (chain.contains(profile)) {
            return "the credential_process of profile '" + profile + "' runs credagent for profile '" + profile
                    + "' again (" + String.join(" > ", chain) + " > " + profile + "); a profile's credential_process"
                    + " must resolve another profile, or credagent must not be in it";
        }
        if (chain.size() >= MAX_DEPTH) {
            return "credential_process commands are nested " + chain.size() + " deep (" + String.join(" > ", chain)
                    + " > " + profile + "); at most " + MAX_DEPTH + " are followed";
        }
        return null;
    }

    private static List<String> parse(String value) {
        List<String> chain = new ArrayList<>();
        if (value != null && !value.trim().isEmpty()) {
            for (String name : Arrays.asList(value.split(","))) {
                if (!name.trim().isEmpty()) {
                    chain.add(name.trim());
                }
            }
        }
        return chain;
    }
}
