package lookalike.amazonaws.auth;

/** Named like SDK v1's chain but without its lookup (no no-argument instance getCredentials()). */
public class AWSCredentialsProviderChain {

    public String getCredentials(String hint) {
        return hint;
    }

    public static String getCredentials() {
        return "static";
    }
}
