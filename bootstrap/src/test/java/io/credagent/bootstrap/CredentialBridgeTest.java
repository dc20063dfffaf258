package io.credagent.bootstrap;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;

/**
 * Here the bridge is loaded by the test's application class loader, not the bootstrap one: such a
 * copy is not shared with the instrumented classes, so it must stay inert.
 */
class CredentialBridgeTest {

    @Test
    void aCopyOutsideTheBootstrapLoaderRefusesToWork() {
        assertFalse(CredentialBridge.isLoadedByBootstrap());
        assertFalse(CredentialBridge.claimInstall());
        assertFalse(CredentialBridge.install(provider -> "credentials"));
        assertNull(CredentialBridge.answer(new Object()), "an inert bridge gives no answer");
        assertFalse(CredentialBridge.install(provider -> null, (credentials, supplier) -> "replaced"));
        Object credentials = new Object();
        assertSame(credentials, CredentialBridge.review(credentials, this), "an inert bridge keeps what the lookup returns");
    }
}
