package org.glimpse.core.service;

import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.glimpse.core.image.DomainShare;
import org.glimpse.core.image.Member;
import org.glimpse.core.image.MemberStatus;
import org.glimpse.core.image.SharedWithMe;
import org.glimpse.core.port.SharingRepository;

/**
 * The sharing extensions with nothing in them, for unit tests of Glance's own sharing: no domain
 * shares, no trusted producers. Writing to it is a test error.
 */
class NoSharing implements SharingRepository {
  @Override
  public List<DomainShare> listDomainShares(String imageId) {
    return List.of();
  }

  @Override
  public Optional<DomainShare> findDomainShare(String imageId, String domainId) {
    return Optional.empty();
  }

  @Override
  public void updateDomainShare(DomainShare share) {
    throw new UnsupportedOperationException();
  }

  @Override
  public boolean removeDomainShare(String imageId, String domainId) {
    return false;
  }

  @Override
  public Optional<Member> findDomainMembership(String imageId, String projectId, String domainId) {
    return Optional.empty();
  }

  @Override
  public Trust trust(String consumer, String producer, Instant when) {
    throw new UnsupportedOperationException();
  }

  @Override
  public boolean untrust(String consumer, String producer) {
    return false;
  }

  @Override
  public List<Trust> trusted(String consumer) {
    return List.of();
  }

  @Override
  public Set<String> consumersTrusting(String producer, Collection<String> consumers) {
    return Set.of();
  }

  @Override
  public BatchAdded addAll(List<Member> members, List<DomainShare> domainShares, int limit) {
    throw new UnsupportedOperationException();
  }

  @Override
  public void answerAll(List<Member> memberships, List<DomainAnswer> answers) {
    throw new UnsupportedOperationException();
  }

  @Override
  public void removeAll(List<Member> memberships, List<DomainShare> domainShares, Instant when) {
    throw new UnsupportedOperationException();
  }

  @Override
  public List<SharedWithMe> inbox(String projectId, String domainId, MemberStatus status,
      SharedWithMe after, int limit) {
    return List.of();
  }

  @Override
  public Optional<SharedWithMe> inboxEntry(String projectId, String domainId, String imageId) {
    return Optional.empty();
  }

  @Override
  public Map<MemberStatus, Integer> inboxCounts(String projectId, String domainId) {
    return Map.of();
  }

  @Override
  public List<Member> expiredMembers(Instant now, int limit) {
    return List.of();
  }

  @Override
  public List<DomainShare> expiredDomainShares(Instant now, int limit) {
    return List.of();
  }

  @Override
  public boolean removeExpired(Member member, Instant when) {
    return false;
  }

  @Override
  public boolean removeExpired(DomainShare share) {
    return false;
  }
}
