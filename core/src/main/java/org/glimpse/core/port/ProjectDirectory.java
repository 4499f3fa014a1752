package org.glimpse.core.port;

/**
 * Which projects and domains exist, as the identity service knows them. Used to refuse sharing
 * with a project or domain nobody knows (Glance stores any string as a member).
 */
public interface ProjectDirectory {

  /**
   * True when the identity service knows the project.
   *
   * @throws org.glimpse.core.error.UnavailableException when it cannot be asked
   */
  boolean projectExists(String projectId);

  /** True when the identity service knows the domain; UnavailableException as above. */
  boolean domainExists(String domainId);

  /** No checks: every id is taken as it is, as Glance does. */
  ProjectDirectory UNCHECKED = new ProjectDirectory() {
    @Override
    public boolean projectExists(String projectId) {
      return true;
    }

    @Override
    public boolean domainExists(String domainId) {
      return true;
    }
  };
}
