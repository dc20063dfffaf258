package io.credagent.chain;

import org.junit.jupiter.api.Test;
import software.amazon.awssdk.profiles.Profile;
import software.amazon.awssdk.profiles.ProfileFile;

import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Which role profiles credagent builds itself because their {@code source_profile} chain ends in
 * {@code credential_process}; every other shape stays the SDK's, errors included.
 */
class ProcessSourcedRoleTest {

    private static final String ROLE = "role_arn = arn:aws:iam::123456789012:role/r\n";
    private static final String PROCESS = "credential_process = /bin/false\n";
    private static final String KEYS = "aws_access_key_id = AKIABASE000000000001\naws_secret_access_key = s\n";

    private static List<String> chain(String config, String profile) {
        ProfileFile file = ProfileFile.builder().type(ProfileFile.Type.CONFIGURATION).content(config).build();
        return ProcessSourcedRole.chain(file, file.profile(profile).get()).stream()
                .map(Profile::name).collect(Collectors.toList());
    }

    @Test
    void rolesDownToTheProcessAtAnyDepth() {
        String config = "[profile app]\n" + ROLE + "source_profile = middle\n"
                + "[profile middle]\n" + ROLE + "source_profile = base\n"
                + "[profile base]\n" + PROCESS;
        assertEquals(Arrays.asList("app", "middle", "base"), chain(config, "app"));
        assertEquals(Arrays.asList("middle", "base"), chain(config, "middle"));
        assertEquals(Collections.emptyList(), chain(config, "base"), "a process profile alone is not a role");
    }

    @Test
    void otherLeavesStayTheSdks() {
        assertEquals(Collections.emptyList(), chain("[profile app]\n" + ROLE + "source_profile = base\n"
                + "[profile base]\n" + KEYS, "app"));
        assertEquals(Collections.emptyList(), chain("[profile app]\n" + ROLE + "source_profile = base\n"
                + "[profile base]\nsso_start_url = https://x.awsapps.com/start\nsso_region = us-east-1\n"
                + "sso_account_id = 123456789012\nsso_role_name = Dev\n" + PROCESS, "app"));
        assertEquals(Collections.emptyList(), chain("[profile app]\n" + ROLE + "source_profile = base\n"
                + "[profile base]\n" + ROLE + "web_identity_token_file = /t\n" + PROCESS, "app"));
        assertEquals(Collections.emptyList(), chain("[profile app]\n" + ROLE + "credential_source = Environment\n"
                + "[profile base]\n" + PROCESS, "app"));
    }

    @Test
    void shapesTheSdkRejectsStayTheSdksToReport() {
        assertEquals(Collections.emptyList(), chain("[profile app]\n" + ROLE + "source_profile = base\n"
                + "credential_source = Environment\n[profile base]\n" + PROCESS, "app"), "both source settings");
        assertEquals(Collections.emptyList(), chain("[profile app]\n" + ROLE + "source_profile = nope\n", "app"),
                "missing source profile");
        assertEquals(Collections.emptyList(), chain("[profile a]\n" + ROLE + "source_profile = b\n"
                + "[profile b]\n" + ROLE + "source_profile = a\n" + PROCESS, "a"), "cycle");
        assertEquals(Collections.emptyList(), chain("[profile a]\n" + ROLE + "source_profile = a\n" + PROCESS, "a"),
                "self reference");
    }
}
