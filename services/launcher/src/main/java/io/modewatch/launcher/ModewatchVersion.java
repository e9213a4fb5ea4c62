package io.modewatch.launcher;

import picocli.CommandLine;

/** The version in the jar's manifest (set by the build), or "development" when run from classes. */
final class ModewatchVersion implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() {
        String version = ModewatchCli.class.getPackage().getImplementationVersion();
        return new String[] {"modewatch " + (version == null ? "development" : version)};
    }
}
