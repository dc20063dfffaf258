package io.credagent.chain;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ProcessChainTest {

    @Test
    void eachCommandGetsTheChainWithItsOwnProfileAppended() {
        assertEquals("app", ProcessChain.forCommandOf(null, "app"));
        assertEquals("app,base", ProcessChain.forCommandOf("app", "base"));
        assertEquals("app,base", ProcessChain.forCommandOf(" app , ", "base"));
    }

    @Test
    void aProfileAlreadyInTheChainIsRefused() {
        assertNull(ProcessChain.refusal(null, "app"));
        assertNull(ProcessChain.refusal("app", "base"));
        String again = ProcessChain.refusal("app,base", "app");
        assertTrue(again.startsWith("the credential_process of profile 'app' runs credagent for profile 'app' again "
                + "(app > base > app)"), again);
    }

    @Test
    void chainsDeeperThanFourAreRefused() {
        assertNull(ProcessChain.refusal("a,b,c", "d"));
        String deep = ProcessChain.refusal("a,b,c,d", "e");
        assertTrue(deep.startsWith("credential_process commands are nested 4 deep (a > b > c > d > e)"), deep);
    }
}
