#!/usr/bin/env bash
# Regenerates the Mandarin prompts in prompts/zh-CN/ with espeak-ng and sox, and writes prompts/zh-CN/manifest.tsv.
# Output: 8 kHz mono 16-bit PCM WAV, trimmed, normalised to -3 dBFS, with a 100 ms lead-in.
# Deterministic (sox -D: no dither), so regenerating with the same tool versions leaves git clean.
set -euo pipefail
# ${#text} below must count characters, not UTF-8 bytes.
export LC_ALL=C.UTF-8

for tool in espeak-ng sox soxi; do
    command -v "$tool" >/dev/null || { echo "generate-prompts: $tool not found (apt-get install -y espeak-ng sox)" >&2; exit 1; }
done

repo_root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
out_dir="${1:-$repo_root/prompts/zh-CN}"
mkdir -p "$out_dir"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

# The plain "cmn" voice in espeak-ng 1.51 reads characters missing from its dictionary as English-spelled pinyin;
# "cmn-latn-pinyin" is the same Mandarin voice with pinyin read as Mandarin, which is what we want.
voice="cmn-latn-pinyin"
speed=200
# Single syllables said at sentence speed come out clipped (under 300 ms); number fragments are spoken slower, as a
# person recording them one by one would.
fragment_speed=150

# file <TAB> text as displayed <TAB> text as spoken (empty: same). 12345 is read digit by digit, 1 as 幺, as
# operators say it; espeak would otherwise say 一万二千三百四十五.
prompts="$(cat <<'LIST'
welcome	您好，这里是12345政务服务便民热线，请稍候，正在为您转接。	您好，这里是幺二三四五政务服务便民热线，请稍候，正在为您转接。
queue-ahead	您前面还有	
queue-unit	位	
digit-0	零	
digit-1	一	
digit-2	二	
digit-3	三	
digit-4	四	
digit-5	五	
digit-6	六	
digit-7	七	
digit-8	八	
digit-9	九	
digit-2-counting	两	
ten	十	
hundred	百	
wait-estimated	预计等待	
wait-minutes	分钟	
overflow-offer	当前话务繁忙。留言请按1，保留排队位置并稍后回电请按2，也可以通过12345网站或微信小程序反映诉求。	当前话务繁忙。留言请按一，保留排队位置并稍后回电请按二，也可以通过幺二三四五网站或微信小程序反映诉求。
voicemail-instructions	请在提示音后留言，按井号键结束。	
emergency-transfer	正在为您转接紧急服务，请不要挂机。	
restricted-caller	您的来电受到限制，如有需要请通过其他渠道联系。	
goodbye	感谢您的来电，再见。	
transfer-failed	转接未成功，正在为您转回话务员。	
LIST
)"

manifest="$out_dir/manifest.tsv"
printf 'file\ttext\tduration_ms\n' > "$manifest"
while IFS=$'\t' read -r name text spoken; do
    [[ -z "$name" ]] && continue
    spoken="${spoken:-$text}"
    raw="$work/$name.raw.wav"
    this_speed="$speed"
    (( ${#spoken} <= 2 )) && this_speed="$fragment_speed"
    espeak-ng -v "$voice" -s "$this_speed" -w "$raw" "$spoken"
    # Trim silence at both ends (reverse trick), resample to 8 kHz mono 16-bit, normalise, then the lead-in, so the
    # first syllable is not clipped by a phone's or gateway's voice-activity ramp.
    sox -D "$raw" -r 8000 -c 1 -b 16 -e signed-integer "$out_dir/$name.wav" \
        silence 1 0.01 0.5% reverse silence 1 0.01 0.5% reverse \
        norm -3 pad 0.1 0
    duration_ms="$(soxi -D "$out_dir/$name.wav" | awk '{ printf "%d", $1 * 1000 + 0.5 }')"
    printf '%s.wav\t%s\t%s\n' "$name" "$text" "$duration_ms" >> "$manifest"
done <<< "$prompts"

echo "generate-prompts: $(($(wc -l < "$manifest") - 1)) prompts in $out_dir"
