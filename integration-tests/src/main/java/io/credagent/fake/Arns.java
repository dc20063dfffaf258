package io.credagent.fake;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** ARN spelling, in one place so every service names principals the same way. */
final class Arns {
    private static final Pattern ROLE = Pattern.compile("arn:aws:iam::(\\d{12}):role/(?:.*/)?([\\w+=,.@-]+)");
    private static final Pattern USER = Pattern.compile("arn:aws:iam::(\\d{12}):user/(?:.*/)?([\\w+=,.@-]+)");

    private Arns() {
    }

    static boolean isRoleArn(String arn) {
        return arn != null && ROLE.matcher(arn).matches();
    }

    static boolean isUserArn(String arn) {
        return arn != null && USER.matcher(arn).matches();
    }

    /** Account of an IAM role ARN; call only after {@link #isRoleArn}. */
    static String roleAccount(String roleArn) {
        return match(ROLE, roleArn).group(1);
    }

    /** Role name without its path: assumed-role ARNs drop the path. */
    static String roleName(String roleArn) {
        return match(ROLE, roleArn).group(2);
    }

    static String userAccount(String userArn) {
        return match(USER, userArn).group(1);
    }

    static String assumedRole(String account, String roleName, String sessionName) {
        return "arn:aws:sts::" + account + ":assumed-role/" + roleName + "/" + sessionName;
    }

    private static Matcher match(Pattern pattern, String arn) {
        Matcher m = pattern.matcher(arn);
        if (!m.matches()) {
            throw new IllegalArgumentException("not a matching ARN: " + arn);
        }
        return m;
    }
}
