package io.credagent.chain;

import io.credagent.credentials.CredentialException;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.profiles.ProfileFile;

import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ProfileFilesTest {

    @TempDir
    Path home;

    @Test
    void defaultLocationsAreUnderHome() {
        ProfileFiles files = ProfileFiles.locate(new Machine(home).environment());
        assertEquals(home.resolve(".aws").resolve("config"), files.configFile());
        assertEquals(home.resolve(".aws").resolve("credentials"), files.credentialsFile());
        assertEquals("~/.aws/config (missing), ~/.aws/credentials (missing)", files.locations());
        assertFalse(files.anyReadable());
    }

    @Test
    void settingsOverrideLocationsAndTildeMeansHome() {
        ProfileFiles files = ProfileFiles.locate(new Machine(home)
                .env("AWS_CONFIG_FILE", "~/cfg").property("aws.sharedCredentialsFile", "/etc/aws-creds").environment());
        assertEquals(home.resolve("cfg"), files.configFile());
        assertEquals(home.resolve("/etc/aws-creds"), files.credentialsFile());
    }

    @Test
    void withoutAnyHomeThereAreNoDefaultFiles() {
        ProfileFiles files = ProfileFiles.locate(Environment.of(null, null));
        assertNull(files.configFile());
        assertTrue(files.profileFile().profiles().isEmpty());
        assertTrue(files.locations().contains("home directory unknown"));
    }

    @Test
    void credentialsFileWinsOverConfigFileAndIsParsedOnce() {
        Machine machine = new Machine(home)
                .config("[profile dev]\naws_access_key_id = FROM_CONFIG\nregion = eu-west-1\n")
                .credentials("[dev]\naws_access_key_id = FROM_CREDENTIALS\n");
        ProfileFiles files = ProfileFiles.locate(machine.environment());
        ProfileFile parsed = files.profileFile();
        assertEquals("FROM_CREDENTIALS", parsed.profile("dev").get().property("aws_access_key_id").get());
        assertEquals("eu-west-1", parsed.profile("dev").get().property("region").get());
        machine.credentials("[other]\nregion = x\n");
        assertSame(parsed, files.profileFile());
    }

    @Test
    void parseErrorsNameTheFile() {
        ProfileFiles files = ProfileFiles.locate(new Machine(home).credentials("aws_access_key_id = x\n").environment());
        CredentialException e = org.junit.jupiter.api.Assertions.assertThrows(CredentialException.class, files::profileFile);
        assertEquals(CredentialException.Category.PARSE_ERROR, e.category());
        assertEquals("cannot parse ~/.aws/credentials: Expected a profile definition on line 1; fix that line, "
                + "or point AWS_SHARED_CREDENTIALS_FILE at another file", e.getMessage());
    }
}
