# Penyegaran berkala: soal yang kembali beberapa hari setelah modul.

refresher-today = Penyegaran hari ini: { $count } soal (± { $minutes } menit)
refresher-why = Soal yang pernah Anda jawab kembali tepat sebelum mudah terlupa. Hasilnya tidak mengubah nilai atau sertifikat Anda.
refresher-more-later = Sesudahnya masih ada { $count } soal lagi; tidak perlu sekaligus, penyegaran berikutnya mengambilnya.
refresher-start = Mulai penyegaran
refresher-next = Penyegaran berikutnya: { $date }
refresher-banner = Penyegaran: tidak dinilai, hanya untuk mengingat kembali.
refresher-question-of = Soal penyegaran { $n } dari { $total }
refresher-read-again = Baca lagi: { $lesson } ({ $module })
refresher-done-title = Penyegaran selesai
refresher-done-summary = { $right } dari { $total } soal dijawab benar.
refresher-done-note = Soal yang salah kembali lebih cepat; yang benar kembali lebih lama lagi. Nilai dan sertifikat Anda tidak berubah.
refresher-right = Benar
refresher-wrong = Belum tepat
refresher-saving = menyimpan…
refresher-comes-back = kembali { $date }
refresher-home = Kembali ke beranda
refresher-nudge-toggle = Ingatkan saya dengan notifikasi desktop saat penyegaran tiba (paling banyak sekali sehari)
refresher-nudge-summary = Jaga: penyegaran hari ini
refresher-nudge-body = { $count } soal menunggu (± { $minutes } menit). Buka Jaga untuk mulai.
