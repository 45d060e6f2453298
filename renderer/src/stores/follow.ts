import { defineStore } from 'pinia'
import { ref } from 'vue'
import type { ChallengeView, FollowProgress } from '../../../preload/api'
import { api } from '../bridge'
import { messageOf } from '../lib/errors'
import { useExchangesStore } from './exchanges'
import { useMembersStore } from './members'

/** Job follow-up after an update, and the MFA panel when the member is CHALLENGED. */
export const useFollowStore = defineStore('follow', () => {
  const progress = ref<FollowProgress | null>(null)
  const followId = ref<string | null>(null)
  const challenges = ref<ChallengeView[]>([])
  const challengedGuid = ref<string | null>(null)
  const answering = ref(false)
  const error = ref<string | null>(null)

  function track(id: string, memberGuid: string) {
    followId.value = id
    progress.value = { followId: id, memberGuid, envId: '', member: null, job: null, timeline: [], state: 'following', message: null }
    challenges.value = []
  }

  function listen() {
    api().on('follow:progress', (p) => {
      if (p.followId !== followId.value) return
      progress.value = p
      if (p.member) useMembersStore().upsert(p.member)
      if (p.state === 'challenged') void loadChallenges(p.memberGuid)
    })
  }

  async function loadChallenges(guid: string) {
    try {
      const r = await api()['members:challenges']({ guid })
      challenges.value = r.challenges
      challengedGuid.value = guid
    } catch (err) {
      error.value = messageOf(err)
    }
  }

  async function answer(answers: { guid: string; value: string }[], confirmProduction = false) {
    if (!challengedGuid.value) return
    answering.value = true
    error.value = null
    try {
      const r = await api()['members:resume']({ guid: challengedGuid.value, answers, confirmProduction: confirmProduction || undefined })
      useExchangesStore().show(r.exchange)
      challenges.value = []
      if (r.followId) track(r.followId, challengedGuid.value)
      else if (r.exchange.response && r.exchange.response.status >= 400) {
        error.value = `Resume answered HTTP ${r.exchange.response.status}: ${r.exchange.nexusError?.message ?? r.exchange.response.bodyText.slice(0, 200)}`
      }
    } catch (err) {
      error.value = messageOf(err)
    } finally {
      answering.value = false
    }
  }

  async function cancel() {
    if (followId.value) await api()['follow:cancel']({ followId: followId.value })
  }

  return { progress, followId, challenges, challengedGuid, answering, error, track, listen, loadChallenges, answer, cancel }
})
