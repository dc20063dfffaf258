package io.credagent.chain;

import io.credagent.credentials.CredentialException;
import io.credagent.credentials.Credentials;

import io.credagent.credentials.CredentialException.Category;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Instant;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Instance metadata, always through a loopback fake named by AWS_EC2_METADATA_SERVICE_ENDPOINT. */
class InstanceMetadataStepTest {

    @TempDir
    Path home;

    private CredentialChain chainAt(String endpoint) {
        Machine machine = new Machine(home).env("AWS_EC2_METADATA_SERVICE_ENDPOINT", endpoint);
        machine.env.remove("AWS_EC2_METADATA_DISABLED");
        return machine.chain();
    }

    @Test
    void credentialsFromInstanceMetadataAreFetchedOnEachLookupAndUnchangedOnesKeepTheirInstance() throws IOException {
        try (FakeInstanceMetadata imds = new FakeInstanceMetadata()) {
            CredentialChain chain = chainAt(imds.endpoint());
            Credentials first = chain.resolve();
            Credentials second = chain.resolve();
            assertEquals("ASIAINSTANCE00000001", first.accessKeyId());
            assertEquals("instanceSecret", first.secretAccessKey());
            assertEquals("instanceToken", first.sessionToken());
            assertEquals(Instant.parse("2099-01-01T00:00:00Z"), first.expiration());
            assertEquals("instance metadata", first.source());
            assertSame(first, second);
            // Caching is the job of credagent's RefreshingSource, which looks up once per refresh.
            assertEquals(2, imds.credentialFetches(), imds.requests.toString());
        }
    }

    @Test
    void noRoleAttachedMeansNothingIsConfigured() throws IOException {
        try (FakeInstanceMetadata imds = new FakeInstanceMetadata()) {
            imds.role = null;
            CredentialException e = assertThrows(CredentialException.class, chainAt(imds.endpoint())::resolve);
            assertEquals(Category.NOT_CONFIGURED, e.category());
            assertTrue(e.getMessage().contains("instance metadata (no IAM role attached to this instance)"), e.getMessage());
        }
    }

    @Test
    void failingInstanceMetadataIsAnImdsError() throws IOException {
        try (FakeInstanceMetadata imds = new FakeInstanceMetadata()) {
            imds.credentialsStatus = 500;
            CredentialException e = assertThrows(CredentialException.class, chainAt(imds.endpoint())::resolve);
            assertEquals(Category.IMDS_ERROR, e.category());
            assertTrue(e.getMessage().startsWith("instance metadata: "), e.getMessage());
        }
    }

    @Test
    void explicitlyConfiguredEndpointThatDoesNotAnswerIsAnImdsError() throws IOException {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closedPort = socket.getLocalPort();
        }
        String endpoint = "http://127.0.0.1:" + closedPort;
        CredentialException e = assertThrows(CredentialException.class, chainAt(endpoint)::resolve);
        assertEquals(Category.IMDS_ERROR, e.category());
        assertTrue(e.getMessage().startsWith("instance metadata at " + endpoint
                + " (AWS_EC2_METADATA_SERVICE_ENDPOINT) cannot be reached"), e.getMessage());
    }
}
