package org.glimpse.core.service;

/**
 * One entry of a v1 membership request.
 *
 * @param memberId the project (tenant) to share with
 * @param canShare whether it may share further; null when the request did not say
 */
public record V1Membership(String memberId, Boolean canShare) {}
