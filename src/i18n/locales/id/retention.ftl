# Tampilan retensi untuk manajer: apakah yang diajarkan masih diingat.

tab-retention = Retensi
retention-intro = Seberapa banyak yang masih diingat: bagian jawaban penyegaran yang benar, menurut berapa hari sejak peserta lulus modul. Angkanya dari jawaban nyata, bukan perkiraan; penyegaran tidak pernah mengubah nilai atau status modul.
retention-desired = Retensi yang diinginkan
retention-desired-note = Bagian soal yang seharusnya masih dijawab benar saat soal itu kembali. Lebih tinggi berarti penyegaran datang lebih cepat dan lebih sering. Antara { $low } % dan { $high } %; bawaan { $default } %.
retention-desired-save = Simpan retensi
retention-desired-saved = Retensi yang diinginkan disimpan: { $percent } %. Jadwal berikutnya memakainya.
retention-desired-invalid = Retensi yang diinginkan harus antara { $low } % dan { $high } %.
retention-curve = { $module }: jawaban benar menurut hari sejak lulus
retention-curve-total = { $percent } % benar dari { $answered } jawaban penyegaran.
retention-none = Belum ada jawaban penyegaran dari peserta yang sudah lulus.
retention-none-in = Belum ada jawaban penyegaran dari peserta bagian { $department } yang sudah lulus.
retention-span = { $from }–{ $to } hari
retention-span-open = { $from } hari atau lebih
retention-point = { $percent } % benar ({ $right } dari { $answered })
retention-axis-days = Hari sejak lulus
retention-target-line = Garis putus-putus: retensi yang diinginkan ({ $percent } %). Di atas tiap titik: bagian jawaban benar (benar/dijawab).
retention-point-short = { $percent } % ({ $right }/{ $answered })
retention-axis-right = % benar
retention-decaying = Pengetahuan yang paling cepat memudar
retention-decaying-intro = Soal yang jauh lebih jarang dijawab benar setelah minggu pertama sejak lulus dibanding dalam minggu pertama (minimal { $min } jawaban di masing-masing). Pertimbangkan memperjelas pelajarannya.
retention-decaying-line = { $early } % benar dalam { $days } hari pertama ({ $early_n } jawaban), { $late } % sesudahnya ({ $late_n } jawaban)
retention-decaying-none = Belum ada soal dengan cukup jawaban untuk dibandingkan.
retention-heading-cli = Retensi: jawaban penyegaran benar menurut hari sejak lulus
