package io.credagent.chain;

import org.junit.jupiter.api.Test;
import software.amazon.awssdk.profiles.Profile;
import software.amazon.awssdk.profiles.ProfileFile;

import java.util.HashMap;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;

class StsRegionTest {

    private static final Profile WITH_REGION = Profile.builder().name("dev")
            .properties(map("region", "ap-south-1")).build();
    private static final Profile WITHOUT_REGION = Profile.builder().name("dev")
            .properties(map("role_arn", "arn:aws:iam::123456789012:role/r")).build();

    private static Map<String, String> map(String... keysAndValues) {
        Map<String, String> map = new HashMap<>();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            map.put(keysAndValues[i], keysAndValues[i + 1]);
        }
        return map;
    }

    private static String choose(Map<String, String> env, Map<String, String> properties, Profile profile, String option) {
        return StsRegion.choose(Environment.of(env, properties), profile, option).region();
    }

    @Test
    void awsRegionSystemPropertyThenAwsRegionThenAwsDefaultRegion() {
        Map<String, String> env = map("AWS_REGION", "eu-west-1", "AWS_DEFAULT_REGION", "eu-west-2");
        assertEquals("eu-west-3", choose(env, map("aws.region", "eu-west-3"), WITH_REGION, "us-west-2"));
        assertEquals("eu-west-1", choose(env, map(), WITH_REGION, "us-west-2"));
        assertEquals("eu-west-2", choose(map("AWS_DEFAULT_REGION", "eu-west-2"), map(), WITH_REGION, "us-west-2"));
    }

    @Test
    void thenTheSelectedProfileThenTheOptionThenUsEast1() {
        assertEquals("ap-south-1", choose(map(), map(), WITH_REGION, "us-west-2"));
        assertEquals("us-west-2", choose(map(), map(), WITHOUT_REGION, "us-west-2"));
        assertEquals("us-west-2", choose(map("AWS_REGION", " "), map(), null, "us-west-2"));
        assertEquals("us-east-1", choose(map(), map(), null, null));
    }

    @Test
    void aRegionFromTheEnvironmentOverridesTheRoleProfilesOwn() {
        ProfileFile base = ProfileFile.builder().type(ProfileFile.Type.CONFIGURATION).content(
                "[profile role]\nrole_arn = arn:aws:iam::123456789012:role/a\nsource_profile = base\n"
                        + "[profile regional]\nrole_arn = arn:aws:iam::123456789012:role/b\nsource_profile = base\nregion = eu-north-1\n"
                        + "[profile base]\naws_access_key_id = AKIABASE000000000001\naws_secret_access_key = s\n"
                        + "[default]\nrole_arn = arn:aws:iam::123456789012:role/c\ncredential_source = Environment\n").build();
        StsRegion region = StsRegion.choose(Environment.of(map("AWS_DEFAULT_REGION", "ca-central-1"), map()), null, null);

        ProfileFile withDefaults = region.addToRoleProfiles(base);

        assertEquals("ca-central-1", withDefaults.profile("role").get().property("region").get());
        assertEquals("ca-central-1", withDefaults.profile("default").get().property("region").get());
        assertEquals("ca-central-1", withDefaults.profile("regional").get().property("region").get());
        assertFalse(withDefaults.profile("base").get().property("region").isPresent());
        assertEquals("arn:aws:iam::123456789012:role/a", withDefaults.profile("role").get().property("role_arn").get());
        assertEquals(base.profiles().keySet(), withDefaults.profiles().keySet());
    }

    @Test
    void otherwiseOnlyRoleProfilesWithoutARegionGetOne() {
        ProfileFile base = ProfileFile.builder().type(ProfileFile.Type.CONFIGURATION).content(
                "[profile role]\nrole_arn = arn:aws:iam::123456789012:role/a\ncredential_source = Environment\n"
                        + "[profile regional]\nrole_arn = arn:aws:iam::123456789012:role/b\ncredential_source = Environment\n"
                        + "region = eu-north-1\n").build();
        StsRegion region = StsRegion.choose(Environment.of(map(), map()), null, "us-west-2");

        ProfileFile withDefaults = region.addToRoleProfiles(base);

        assertEquals("us-west-2", withDefaults.profile("role").get().property("region").get());
        assertEquals("eu-north-1", withDefaults.profile("regional").get().property("region").get());
    }

    @Test
    void leavesFilesWithoutRoleProfilesAlone() {
        ProfileFile base = ProfileFile.builder().type(ProfileFile.Type.CREDENTIALS)
                .content("[default]\naws_access_key_id = a\naws_secret_access_key = b\n").build();
        assertSame(base, StsRegion.choose(Environment.of(map(), map()), null, null).addToRoleProfiles(base));
    }
}
