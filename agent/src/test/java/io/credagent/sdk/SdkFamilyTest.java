package io.credagent.sdk;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

class SdkFamilyTest {

    @Test
    void findsThePrefixOfOriginalAndRelocatedCopies() {
        assertEquals("com.amazonaws.", SdkFamily.V1.prefixOf(
                "com.amazonaws.auth.DefaultAWSCredentialsProviderChain", "auth.DefaultAWSCredentialsProviderChain"));
        assertEquals("com.simba.athena.amazonaws.", SdkFamily.V1.prefixOf(
                "com.simba.athena.amazonaws.auth.DefaultAWSCredentialsProviderChain", "auth.DefaultAWSCredentialsProviderChain"));
        assertEquals("vendor.shaded.software.amazon.awssdk.", SdkFamily.V2.prefixOf(
                "vendor.shaded.software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider",
                "auth.credentials.DefaultCredentialsProvider"));
    }

    @Test
    void rejectsLookalikes() {
        assertNull(SdkFamily.V1.prefixOf("com.example.MyDefaultAWSCredentialsProviderChain",
                "auth.DefaultAWSCredentialsProviderChain"));
        assertNull(SdkFamily.V1.prefixOf("com.notamazonaws.auth.DefaultAWSCredentialsProviderChain",
                "auth.DefaultAWSCredentialsProviderChain"));
        assertNull(SdkFamily.V2.prefixOf("com.amazonaws.auth.DefaultAWSCredentialsProviderChain",
                "auth.DefaultAWSCredentialsProviderChain"));
    }
}
