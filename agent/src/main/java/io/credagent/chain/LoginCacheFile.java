package io.credagent.chain;

import io.credagent.sharedcache.CacheKey;

import software.amazon.awssdk.profiles.Profile;

import java.nio.file.Path;
import java.nio.file.Paths;

/**
 * Where {@code aws login} keeps a session: {@code <dir>/<sha256 of login_session>.json}, the
 * directory {@code aws.loginCacheDirectory} / {@code AWS_LOGIN_CACHE_DIRECTORY} (a leading
 * {@code ~} is the home, as the AWS CLI reads it), else {@code ~/.aws/login/cache}.
 */
final class LoginCacheFile {

    private LoginCacheFile() {
    }

    /** The file of {@code loginProfile}'s session, or null when it names none. */
    static Path of(Profile loginProfile, Environment env, ProfileFiles files) {
        String session = loginProfile.property(ProfileKind.LOGIN_SESSION).map(String::trim).orElse("");
        if (session.isEmpty()) {
            return null;
        }
        String directory = env.setting("aws.loginCacheDirectory", "AWS_LOGIN_CACHE_DIRECTORY");
        Path dir;
        if (directory == null || directory.trim().isEmpty()) {
            dir = Paths.get(files.homeDirectory(), ".aws", "login", "cache");
        } else if (directory.equals("~") || directory.startsWith("~/")) {
            dir = Paths.get(files.homeDirectory() + directory.substring(1));
        } else {
            dir = Paths.get(directory);
        }
        return dir.resolve(CacheKey.loginSession(session) + ".json");
    }
}
