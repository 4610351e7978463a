// China landline area codes (without the trunk 0) and the local-number length each expects.
// Derived from libphonenumber-js/max 1.13.16 (Google metadata 9.0.43) by probing every candidate
// code with local numbers starting 2–7; area-codes.test.ts re-probes them, so a metadata bump that
// changes a length is noticed. The catalogue asks for this table to be checked against local
// practice (Yunnan outside 0871 is 7 digits here): it is data, and a rule may override it.

/** Codes with 7-digit local numbers. */
const LOCAL_7 =
  '310 312 313 314 315 316 317 318 319 335 349 350 351 352 353 354 355 356 357 358 359 370 372 373 ' +
  '374 375 376 391 392 393 394 395 396 398 412 415 416 417 418 419 421 427 429 434 436 437 438 439 ' +
  '452 453 454 455 456 457 458 459 464 467 468 469 470 471 472 473 474 475 476 477 478 479 482 483 ' +
  '530 533 534 535 536 537 538 539 543 546 550 552 553 554 555 556 557 558 559 561 562 563 564 566 ' +
  '570 572 578 580 592 593 594 596 597 598 599 631 632 633 635 660 662 663 668 691 692 701 710 711 ' +
  '712 713 714 715 716 717 718 719 722 724 728 730 734 735 736 737 738 739 743 744 745 746 750 751 ' +
  '752 753 756 758 759 762 763 766 768 770 771 772 773 774 775 776 777 778 779 790 792 793 794 795 ' +
  '796 797 798 799 812 813 816 817 818 825 826 827 830 831 832 833 834 835 836 837 838 839 854 855 ' +
  '856 857 858 859 870 872 873 874 875 876 877 878 879 883 886 887 888 891 892 893 894 895 896 897 ' +
  '901 902 903 906 908 909 911 912 913 914 915 916 917 919 930 931 932 933 934 935 936 937 938 939 ' +
  '941 943 951 952 953 954 955 970 971 972 973 974 975 976 977 978 979 990 991 992 993 994 995 996 ' +
  '997 998 999';
/** Codes with 8-digit local numbers (010, 02x and the big cities). */
const LOCAL_8 =
  '10 20 21 22 23 24 25 27 28 29 311 371 377 379 411 431 432 451 510 511 512 513 514 515 516 517 ' +
  '518 519 523 527 531 532 551 571 573 574 575 576 577 579 591 595 731 755 757 760 769 791 871 898 ';
/** Codes where both lengths are in use. */
const LOCAL_7_OR_8 = '433 435 754 851';

/** Allowed local lengths per area code (no trunk 0), e.g. AREA_CODES.get('871') → [8]. */
export const AREA_CODES: ReadonlyMap<string, readonly number[]> = new Map<string, readonly number[]>([
  ...LOCAL_7.trim()
    .split(/\s+/)
    .map((c) => [c, [7]] as [string, number[]]),
  ...LOCAL_8.trim()
    .split(/\s+/)
    .map((c) => [c, [8]] as [string, number[]]),
  ...LOCAL_7_OR_8.split(' ').map((c) => [c, [7, 8]] as [string, number[]]),
]);

/** Bit mask per code for the hot path: 1 = 7 digits, 2 = 8 digits. Index = numeric code (10…999). */
export const AREA_MASK: Uint8Array = (() => {
  const mask = new Uint8Array(1000);
  for (const [code, lengths] of AREA_CODES)
    for (const len of lengths) mask[Number(code)]! |= len === 7 ? 1 : 2;
  return mask;
})();

/**
 * Split a national landline (no trunk 0) into area code and local number: 10 and 2x are two digits,
 * every other code three (the codes are prefix-free). Example: splitArea('8772345678') → ['877', '2345678'].
 */
export function splitArea(national: string): [area: string, local: string] {
  const width = national[0] === '1' || national[0] === '2' ? 2 : 3;
  return [national.slice(0, width), national.slice(width)];
}

/**
 * Yunnan prefectures (GB/T 2260 4-digit city code) → area code without trunk 0. Used to add a missing
 * area code (LL-01) and to compare the area code with the customer's prefecture (LL-03).
 */
export const YUNNAN_AREA_BY_CITY: Readonly<Record<string, string>> = {
  '5301': '871', // 昆明
  '5303': '874', // 曲靖
  '5304': '877', // 玉溪
  '5305': '875', // 保山
  '5306': '870', // 昭通
  '5307': '888', // 丽江
  '5308': '879', // 普洱
  '5309': '883', // 临沧
  '5323': '878', // 楚雄
  '5325': '873', // 红河
  '5326': '876', // 文山
  '5328': '691', // 西双版纳
  '5329': '872', // 大理
  '5331': '692', // 德宏
  '5333': '886', // 怒江
  '5334': '887', // 迪庆
};
