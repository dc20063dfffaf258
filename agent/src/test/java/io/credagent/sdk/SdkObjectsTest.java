package io.credagent.sdk;

import io.credagent.credentials.Credentials;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

class SdkObjectsTest {

    /** Counts what it builds; the object built is a fresh one per call. */
    private static final class Counting extends SdkObjects {
        int built;

        @Override
        protected Object build(Credentials credentials) {
            built++;
            return new Object();
        }

        @Override
        public RuntimeException clientException(String message) {
            return new RuntimeException(message);
        }

        @Override
        public String accessKeyId(Object sdkCredentials) {
            return null;
        }
    }

    private static Credentials identity(int n) {
        return new Credentials("AKIA" + n, "secret", null, null, null, "profile " + n);
    }

    @Test
    void twoIdentitiesAlternatingBuildOnceEach() {
        Counting objects = new Counting();
        Credentials first = identity(1);
        Credentials second = identity(2);
        Object firstObject = objects.credentials(first);
        Object secondObject = objects.credentials(second);
        for (int i = 0; i < 100; i++) {
            assertSame(firstObject, objects.credentials(first));
            assertSame(secondObject, objects.credentials(second));
        }
        assertEquals(2, objects.built);
    }

    @Test
    void moreIdentitiesThanCachedPushTheOldestOut() {
        Counting objects = new Counting();
        List<Credentials> identities = new ArrayList<>();
        for (int i = 0; i <= SdkObjects.CACHED; i++) {
            identities.add(identity(i));
            objects.credentials(identities.get(i));
        }
        objects.credentials(identities.get(SdkObjects.CACHED)); // newest: cached
        assertEquals(SdkObjects.CACHED + 1, objects.built);
        objects.credentials(identities.get(0)); // the oldest was pushed out
        assertEquals(SdkObjects.CACHED + 2, objects.built);
    }
}
